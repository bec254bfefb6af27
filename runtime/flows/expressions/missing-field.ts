import { didYouMean, meant } from "../../errors/index.js";
import type { RecordType, ValueType } from "../../values/index.js";
import { declaredTypeAt } from "./result-type.js";
import type { ExpressionScope } from "./scope.js";
import { barePath, findMemberEndingAt, type SyntaxNode } from "./syntax-tree.js";

/**
 * A sentence for a field the type check did not find, naming the path, what it does have and
 * the field probably meant: `steps.count.output has no field "wrods" (it has: words, vowels); did
 * you mean "words"?`. Undefined when the member access is not on a bare path.
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
  const receiver = path.join(".");
  const type = declaredTypeAt(path, roots);
  if (type?.kind !== "record") return `${receiver} has no field "${field}"`;
  const fields = type.fields.map((f) => f.name);
  const close = meant(field, fields);
  const hint =
    path.length === 2 && path[0] === "steps" && field === "error"
      ? "; a step's error is readable only in its onError handlers"
      : close.length > 0
        ? `; ${didYouMean(close)}`
        : "";
  return `${receiver} has no field "${field}" (it has: ${fields.join(", ")})${hint}`;
}
