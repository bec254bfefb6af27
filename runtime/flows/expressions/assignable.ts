import type { Issue, IssueCode } from "../../errors/index.js";
import { formatValueType, type ValueType, type VariantCase } from "../../values/index.js";
import { casesOf } from "./cel-shape.js";
import { type ExpressionType, formatExpressionType } from "./expression-type.js";

const integers = new Set(["s32", "u32", "s64", "u64"]);
const numbers = new Set([...integers, "f32", "f64"]);

/**
 * Whether a value of static type `source` may feed a field declared `target`, or the first issue
 * that says why not (`path` names the field; nested problems extend it, `.name`, `[]`, `[0]`, `.val`).
 *
 * Integers feed any integer type and floats feed `f32`/`f64`: CEL computes in 64 bits, so
 * `steps.a.output.n + 1` is `s64` even when it feeds an `s32`; `coerceTo` checks the range at run
 * time. A float never feeds an integer (write `int(x)`), nor a string a number. A record feeds a
 * record that declares a subset of its fields with assignable types (the rest are dropped); a map
 * feeds a record when its values can feed every field (presence is checked at run time). `null`
 * and `option<T>` feed only an `option`; `T` feeds `option<T>`. `dyn` is left to run time.
 *
 * The WIT kinds are matched by name, which is how their values travel between steps: a tuple feeds
 * a tuple of as many items, item by item; an enum feeds an enum that declares each of its cases,
 * flags feed flags that declare each of its flags, and a variant or result feeds one that declares
 * each of its cases with a value that can feed the case's (in any order: names, not positions,
 * are what a value carries). A char or an enum is a string in CEL and feeds a string; a string
 * feeds a char or an enum, and a list a tuple, a map flags, a variant or a result, checked when
 * the value is there.
 */
export function checkAssignable(source: ExpressionType, target: ValueType, path = "value"): Issue | undefined {
  if (source.kind === "dyn") return undefined;
  if (target.kind === "option") {
    if (source.kind === "null") return undefined;
    return checkAssignable(source.kind === "option" ? source.inner : source, target.inner, path);
  }
  if (source.kind === "null" || source.kind === "option") {
    const hint = source.kind === "option" ? " (use .orValue(default) or .value())" : "";
    return mismatch("MAYBE_ABSENT", path, source, target, `may be absent but the field is not an option${hint}`);
  }
  switch (target.kind) {
    case "s32":
    case "u32":
    case "s64":
    case "u64":
      if (integers.has(source.kind)) return undefined;
      break;
    case "f32":
    case "f64":
      if (numbers.has(source.kind)) return undefined;
      break;
    case "string":
      if (source.kind === "string" || source.kind === "char" || source.kind === "enum") return undefined;
      break;
    case "char":
      if (source.kind === "char" || source.kind === "string") return undefined;
      break;
    case "list":
      if (source.kind === "list") return checkAssignable(source.element, target.element, `${path}[]`);
      break;
    case "record":
      return recordIssue(source, target, path);
    case "tuple":
      return tupleIssue(source, target, path);
    case "enum":
      if (source.kind === "string") return undefined;
      if (source.kind === "enum") return namesIssue(source.cases, target.cases, "case", source, target, path);
      break;
    case "flags":
      if (source.kind === "map")
        return mapKeysIssue(source, target, path) ?? checkAssignable(source.value, { kind: "bool" }, path);
      if (source.kind === "flags") return namesIssue(source.flags, target.flags, "flag", source, target, path);
      break;
    case "variant":
    case "result":
      if (source.kind === "map") return mapKeysIssue(source, target, path);
      if (source.kind === "variant" || source.kind === "result") return casesIssue(source, target, path);
      break;
    default:
      if (source.kind === target.kind) return undefined;
  }
  return mismatch("WRONG_TYPE", path, source, target, "has the wrong type");
}

function recordIssue(source: ExpressionType, target: Extract<ValueType, { kind: "record" }>, path: string) {
  if (source.kind === "map") {
    const keys = mapKeysIssue(source, target, path);
    if (keys !== undefined) return keys;
    for (const field of target.fields) {
      const issue = checkAssignable(source.value, field.type, `${path}.${field.name}`);
      if (issue !== undefined) return issue;
    }
    return undefined;
  }
  if (source.kind !== "record") return mismatch("WRONG_TYPE", path, source, target, "has the wrong type");
  for (const field of target.fields) {
    const found = source.fields.find((f) => f.name === field.name);
    if (found === undefined) {
      if (field.type.kind === "option") continue;
      const why = `the record has no field "${field.name}"`;
      return mismatch("MISSING_FIELD", `${path}.${field.name}`, source, field.type, why);
    }
    const issue = checkAssignable(found.type, field.type, `${path}.${field.name}`);
    if (issue !== undefined) return issue;
  }
  return undefined;
}

/** A map feeds a record, flags or a variant only if its keys are strings (its entries are checked at run time). */
function mapKeysIssue(source: Extract<ExpressionType, { kind: "map" }>, target: ValueType, path: string) {
  if (source.key.kind === "string" || source.key.kind === "dyn") return undefined;
  return mismatch("WRONG_TYPE", path, source, target, "is a map whose keys are not strings");
}

function tupleIssue(source: ExpressionType, target: Extract<ValueType, { kind: "tuple" }>, path: string) {
  if (source.kind === "list") {
    // How many items the list holds is known only when it is there.
    for (const [i, element] of target.elements.entries()) {
      const issue = checkAssignable(source.element, element, `${path}[${i}]`);
      if (issue !== undefined) return issue;
    }
    return undefined;
  }
  if (source.kind !== "tuple") return mismatch("WRONG_TYPE", path, source, target, "has the wrong type");
  if (source.elements.length !== target.elements.length) {
    const why = `has ${source.elements.length} items where the field has ${target.elements.length}`;
    return mismatch("OUT_OF_RANGE", path, source, target, why);
  }
  for (const [i, element] of target.elements.entries()) {
    const issue = checkAssignable(source.elements[i] as ValueType, element, `${path}[${i}]`);
    if (issue !== undefined) return issue;
  }
  return undefined;
}

function casesIssue(
  source: Extract<ExpressionType, { kind: "variant" | "result" }>,
  target: Extract<ValueType, { kind: "variant" | "result" }>,
  path: string,
): Issue | undefined {
  const declared = casesOf(target);
  const names = (cases: readonly VariantCase[]) => cases.map((c) => c.name);
  const undeclared = namesIssue(names(casesOf(source)), names(declared), "case", source, target, path);
  if (undeclared !== undefined) return undeclared;
  for (const from of casesOf(source)) {
    const to = declared.find((c) => c.name === from.name) as VariantCase;
    const issue = caseIssue(from, to, source, target, path);
    if (issue !== undefined) return issue;
  }
  return undefined;
}

/** The first of `names` (an enum's cases, flags) that `declared` lacks; codes as a task's input check gives them. */
function namesIssue(
  names: readonly string[],
  declared: readonly string[],
  noun: "case" | "flag",
  source: ExpressionType,
  target: ValueType,
  path: string,
): Issue | undefined {
  const extra = names.find((name) => !declared.includes(name));
  if (extra === undefined) return undefined;
  const why = `has the ${noun} "${extra}", which the field does not declare`;
  return mismatch(noun === "case" ? "UNKNOWN_CASE" : "UNKNOWN_FIELD", path, source, target, why);
}

function caseIssue(
  from: VariantCase,
  to: VariantCase,
  source: ExpressionType,
  target: ValueType,
  path: string,
): Issue | undefined {
  if (from.type !== undefined) {
    if (to.type !== undefined) return checkAssignable(from.type, to.type, `${path}.val`);
    const why = `its case "${from.name}" carries a value, which the field's case "${to.name}" does not`;
    return mismatch("WRONG_TYPE", path, source, target, why);
  }
  // A case's value that is an option may be left out: it is none.
  if (to.type === undefined || to.type.kind === "option") return undefined;
  const why = `its case "${from.name}" carries no value, where the field's case "${to.name}" needs one`;
  return mismatch("WRONG_TYPE", path, source, target, why);
}

function mismatch(code: IssueCode, path: string, source: ExpressionType, target: ValueType, why: string): Issue {
  const expected = formatValueType(target);
  const actual = formatExpressionType(source);
  return { code, path, expected, actual, message: `${why}: expected ${expected}, got ${actual}` };
}
