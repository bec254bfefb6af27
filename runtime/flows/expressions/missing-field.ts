import { didYouMean, meant } from "../../errors/index.js";
import type { RecordType, ValueType } from "../../values/index.js";
import { casesOf } from "./cel-shape.js";
import { declaredTypeAt } from "./result-type.js";
import type { ExpressionScope } from "./scope.js";
import { barePath, findMemberEndingAt, formatBarePath, type SyntaxNode } from "./syntax-tree.js";

/**
 * A sentence for a field the type check did not find, naming the path, what it does have and
 * the field probably meant: `steps.count.output has no field "wrods" (it has: words, vowels); did
 * you mean "words"?`, or for flags `input.perms has no flag "wirte" (it has: read, write)`.
 * Undefined when the member access is not on a bare path.
 */
export function describeMissingField(
  root: SyntaxNode,
  end: number,
  roots: { readonly input: ValueType; readonly steps: RecordType },
  scope: ExpressionScope,
): string | undefined {
  const member = findMemberEndingAt(root, end);
  const path = member === undefined ? undefined : barePath(member.receiver);
  if (member === undefined || path === undefined) return undefined;
  const { field } = member;
  if (path.length === 1 && path[0] === "steps") {
    const known = Object.hasOwn(scope.steps, field);
    const why = known
      ? "it declares no output"
      : "an expression reads only steps that are sure to have finished before it runs";
    return `step "${field}" cannot be read here: ${why}`;
  }
  const receiver = formatBarePath(path);
  const type = declaredTypeAt(path, roots);
  // A list item (`input.items[0]`) is left to the library's own words, as it always was.
  if (type === undefined && path.some((segment) => typeof segment === "number")) return undefined;
  const members = type === undefined ? undefined : membersOf(type);
  if (type === undefined || members === undefined) return `${receiver} has no field "${field}"`;
  const close = meant(field, members);
  let hint = "";
  if (path.length === 2 && path[0] === "steps" && field === "error") {
    hint = "; a step's error is readable only in its onError handlers";
  } else if ((type.kind === "variant" || type.kind === "result") && field === "val") {
    hint = "; none of its cases carries a value";
  } else if (close.length > 0) {
    hint = `; ${didYouMean(close)}`;
  } else if (type.kind === "variant" || type.kind === "result") {
    hint = `; a ${type.kind} is read as .tag, the name of its case, and .val, the value the case carries`;
  }
  const noun = type.kind === "flags" ? "flag" : "field";
  return `${receiver} has no ${noun} "${field}" (it has: ${members.join(", ")})${hint}`;
}

/** What a value the library holds as a message has: a record's fields, flags, a variant's `tag` and `val`. */
function membersOf(type: ValueType): readonly string[] | undefined {
  switch (type.kind) {
    case "record":
      return type.fields.map((f) => f.name);
    case "flags":
      return type.flags;
    case "variant":
    case "result":
      return casesOf(type).some((c) => c.type !== undefined) ? ["tag", "val"] : ["tag"];
    default:
      return undefined;
  }
}
