import type { Issue, IssueCode } from "../../errors/index.js";
import { checkValue, formatValueType, integerRanges, maxSafeBigInt, type ValueType } from "../../values/index.js";
import { casesOf } from "./cel-shape.js";
import { describeValue } from "./describe.js";
import { ExpressionError } from "./errors.js";
import { clip } from "./library-errors.js";

const ranges = integerRanges;
const maxSafe = maxSafeBigInt;

class Refusal {
  constructor(readonly issue: Issue) {}
}

/**
 * Converts an evaluated value (see `evaluate`) to the exact shape of a declared type, checking
 * what the static check left to run time: integer ranges (`s64` arithmetic into an `s32` field),
 * `f32` range, fields of a map or `dyn` result. Integers become numbers for 32-bit types and
 * numbers or BigInt (past 2^53) for 64-bit ones; a record keeps only its declared fields, and an
 * absent `option` field becomes null. A value of a type with WIT's kinds in it (tuple, enum,
 * variant, result, flags, char) is then checked whole by the very rules a task's input is checked
 * with (`checkValue`), and comes out in the shape a task's output has: flags with every flag, a
 * variant's case value only for a case that carries one. Throws `CONDITION_ERROR` whose issue has
 * the path, the declared type and what was found.
 */
export function coerceTo(
  value: unknown,
  target: ValueType,
  context: { readonly expression?: string; readonly path?: string } = {},
): unknown {
  const path = context.path ?? "value";
  try {
    const coerced = coerce(value, target, path);
    if (hasWitKinds(target)) {
      const [issue] = checkValue(target, coerced, path);
      if (issue !== undefined) throw new Refusal(issue);
    }
    return coerced;
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const expression = context.expression ?? "";
    const subject = expression === "" ? "value" : `expression "${clip(expression)}"`;
    return fail(subject, expression, error.issue);
  }
}

function fail(subject: string, expression: string, issue: Issue): never {
  throw new ExpressionError(
    "CONDITION_ERROR",
    `${subject}: ${issue.path}: ${issue.message}`,
    { expression, reason: issue.code.toLowerCase() },
    { issues: [issue] },
  );
}

function coerce(value: unknown, target: ValueType, path: string): unknown {
  switch (target.kind) {
    case "bool":
      if (typeof value === "boolean") return value;
      break;
    case "string":
    case "char":
    case "enum":
      if (typeof value === "string") return value;
      break;
    case "bytes":
      if (value instanceof Uint8Array) return value;
      break;
    case "f64":
      if (typeof value === "number") return value;
      if (typeof value === "bigint") return Number(value);
      break;
    case "f32": {
      const number = typeof value === "bigint" ? Number(value) : value;
      if (typeof number !== "number") break;
      if (Number.isFinite(number) && !Number.isFinite(Math.fround(number))) {
        throw refuse("OUT_OF_RANGE", path, target, value, "is outside the range of f32");
      }
      return number;
    }
    case "s32":
    case "u32":
    case "s64":
    case "u64":
      return coerceInteger(value, target.kind, path);
    case "list":
      if (Array.isArray(value)) return value.map((item, i) => coerce(item, target.element, `${path}[${i}]`));
      break;
    case "option":
      return value === null || value === undefined ? null : coerce(value, target.inner, path);
    case "record": {
      if (!isObject(value)) break;
      const record: Record<string, unknown> = {};
      for (const field of target.fields) {
        const present = Object.hasOwn(value, field.name);
        const item = present ? (value as Record<string, unknown>)[field.name] : undefined;
        if (item === undefined && field.type.kind !== "option") {
          throw refuse("MISSING_FIELD", `${path}.${field.name}`, field.type, undefined, "is missing");
        }
        record[field.name] = coerce(item, field.type, `${path}.${field.name}`);
      }
      return record;
    }
    case "tuple":
      // Items past the declared ones are kept for the check to report.
      if (Array.isArray(value)) {
        return value.map((item, i) => {
          const element = target.elements[i];
          return element === undefined ? item : coerce(item, element, `${path}[${i}]`);
        });
      }
      break;
    case "flags":
      if (isObject(value)) {
        // Flags left out are unset; keys that are no flag are kept for the check to report.
        const flags: Record<string, unknown> = { ...value };
        for (const flag of target.flags) if (flags[flag] === undefined) flags[flag] = false;
        return flags;
      }
      break;
    case "variant":
    case "result":
      if (isObject(value)) return coerceCase(value, target, path);
      break;
  }
  throw refuse("WRONG_TYPE", path, target, value, "has the wrong type");
}

/** `{tag, val}` with `val` coerced to the type its case carries; anything amiss is left for the check to report. */
function coerceCase(
  value: Record<string, unknown>,
  target: Extract<ValueType, { kind: "variant" | "result" }>,
  path: string,
): Record<string, unknown> {
  const variant: Record<string, unknown> = { ...value };
  const found = casesOf(target).find((c) => c.name === value.tag);
  if (found?.type === undefined) {
    // A case that carries nothing has no `val`, not even an undefined one.
    if (found !== undefined && variant.val === undefined) delete variant.val;
    return variant;
  }
  if (value.val !== undefined || found.type.kind === "option")
    variant.val = coerce(value.val, found.type, `${path}.val`);
  return variant;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

const witKinds = new Set(["tuple", "enum", "variant", "result", "flags", "char"]);
const containsWitKinds = new WeakMap<ValueType, boolean>();

/** Whether a type holds a kind whose values only `checkValue` checks in full (computed once per type). */
function hasWitKinds(type: ValueType): boolean {
  let found = containsWitKinds.get(type);
  if (found === undefined) {
    found = witKinds.has(type.kind) || childTypes(type).some(hasWitKinds);
    containsWitKinds.set(type, found);
  }
  return found;
}

function childTypes(type: ValueType): readonly ValueType[] {
  switch (type.kind) {
    case "list":
      return [type.element];
    case "option":
      return [type.inner];
    case "record":
      return type.fields.map((f) => f.type);
    default:
      return [];
  }
}

function coerceInteger(value: unknown, kind: keyof typeof ranges, path: string): unknown {
  const target: ValueType = { kind };
  const int = typeof value === "bigint" ? value : Number.isSafeInteger(value) ? BigInt(value as number) : undefined;
  if (int === undefined) {
    const why = typeof value === "number" ? "is not an integer" : "has the wrong type";
    throw refuse(typeof value === "number" ? "NOT_INTEGER" : "WRONG_TYPE", path, target, value, why);
  }
  const [min, max] = ranges[kind];
  if (int < min || int > max) throw refuse("OUT_OF_RANGE", path, target, value, `is outside the range of ${kind}`);
  return int >= -maxSafe && int <= maxSafe ? Number(int) : int;
}

function refuse(code: IssueCode, path: string, target: ValueType, value: unknown, why: string): Refusal {
  const expected = formatValueType(target);
  const actual = value === undefined ? "nothing" : describeValue(value);
  return new Refusal({ code, path, expected, actual, message: `${why}: expected ${expected}, got ${actual}` });
}
