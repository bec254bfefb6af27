import type { Issue, IssueCode } from "../../errors/index.js";
import { formatValueType, type ValueType } from "../../values/index.js";
import { type ExpressionType, formatExpressionType } from "./expression-type.js";

const integers = new Set(["s32", "u32", "s64", "u64"]);
const numbers = new Set([...integers, "f32", "f64"]);

/**
 * Whether a value of static type `source` may feed a field declared `target`, or the first issue
 * that says why not (`path` names the field; nested problems extend it, `.name` or `[]`).
 *
 * Integers feed any integer type and floats feed `f32`/`f64`: CEL computes in 64 bits, so
 * `steps.a.output.n + 1` is `s64` even when it feeds an `s32`; `coerceTo` checks the range at run
 * time. A float never feeds an integer (write `int(x)`), nor a string a number. A record feeds a
 * record that declares a subset of its fields with assignable types (the rest are dropped); a map
 * feeds a record when its values can feed every field (presence is checked at run time). `null`
 * and `option<T>` feed only an `option`; `T` feeds `option<T>`. `dyn` is left to run time.
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
  if (integers.has(target.kind) && integers.has(source.kind)) return undefined;
  if ((target.kind === "f32" || target.kind === "f64") && numbers.has(source.kind)) return undefined;
  if (target.kind === source.kind && target.kind !== "list" && target.kind !== "record") return undefined;
  if (target.kind === "list" && source.kind === "list")
    return checkAssignable(source.element, target.element, `${path}[]`);
  if (target.kind === "record" && source.kind === "record") {
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
  if (target.kind === "record" && source.kind === "map") {
    if (source.key.kind !== "string" && source.key.kind !== "dyn") {
      return mismatch("WRONG_TYPE", path, source, target, "is a map whose keys are not strings");
    }
    for (const field of target.fields) {
      const issue = checkAssignable(source.value, field.type, `${path}.${field.name}`);
      if (issue !== undefined) return issue;
    }
    return undefined;
  }
  return mismatch("WRONG_TYPE", path, source, target, "has the wrong type");
}

function mismatch(code: IssueCode, path: string, source: ExpressionType, target: ValueType, why: string): Issue {
  const expected = formatValueType(target);
  const actual = formatExpressionType(source);
  return { code, path, expected, actual, message: `${why}: expected ${expected}, got ${actual}` };
}
