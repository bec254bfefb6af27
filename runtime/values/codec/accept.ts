import type { IssueCode } from "../../errors/index.js";
import { integerRanges } from "../integer-ranges.js";
import { BOOL, BYTES, CHAR, F32, F64, S32, S64, STRING, U32, U64 } from "./type-node.js";

// The predicates that decide which JavaScript values a primitive type accepts. The fast encoder
// and the issue collector both call these, so they cannot disagree about what is valid.

export const [s64Min, s64Max] = integerRanges.s64;
export const u64Max = integerRanges.u64[1];

export function isS32(value: unknown): value is number {
  return typeof value === "number" && (value | 0) === value;
}

export function isU32(value: unknown): value is number {
  return typeof value === "number" && value >>> 0 === value;
}

/** A 64-bit integer as a safe-integer number or a BigInt in range; `unsigned` selects u64 over s64. */
export function isInt64(value: unknown, unsigned: boolean): value is number | bigint {
  if (typeof value === "number") return Number.isSafeInteger(value) && (!unsigned || value >= 0);
  if (typeof value === "bigint") return unsigned ? value >= 0n && value <= u64Max : value >= s64Min && value <= s64Max;
  return false;
}

/** Any number, NaN and infinities included, except finite values too large for a float32. */
export function isF32(value: unknown): value is number {
  return typeof value === "number" && (Number.isFinite(Math.fround(value)) || !Number.isFinite(value));
}

export function isF64(value: unknown): value is number {
  return typeof value === "number";
}

const wellFormed = String.prototype as unknown as { isWellFormed(this: string): boolean };

/** A string UTF-8 can carry: no lone surrogate halves (TextEncoder would silently replace them). */
export function isUtf8String(value: unknown): value is string {
  return typeof value === "string" && wellFormed.isWellFormed.call(value);
}

/** A string of exactly one Unicode scalar value: one UTF-16 unit that is not a surrogate, or a surrogate pair. */
export function isChar(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const first = value.charCodeAt(0);
  if (value.length === 1) return (first & 0xf800) !== 0xd800;
  return value.length === 2 && (first & 0xfc00) === 0xd800 && (value.charCodeAt(1) & 0xfc00) === 0xdc00;
}

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/** Records are plain objects; a Map, a Date or a class instance is refused rather than read field by field. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Why a value is not of a primitive type: a stable code and what was found. */
export interface Problem {
  readonly code: IssueCode;
  readonly actual: string;
}

/** The problem with `value` as a primitive of type `tag`, or undefined when it is accepted. */
export function primitiveProblem(tag: number, value: unknown): Problem | undefined {
  switch (tag) {
    case BOOL:
      return typeof value === "boolean" ? undefined : wrongType(value);
    case S32:
      return isS32(value) ? undefined : integerProblem(value, false);
    case U32:
      return isU32(value) ? undefined : integerProblem(value, false);
    case S64:
    case U64:
      return isInt64(value, tag === U64) ? undefined : integerProblem(value, true);
    case F32:
      if (isF32(value)) return undefined;
      return typeof value === "number" ? { code: "OUT_OF_RANGE", actual: `${value} (out of range)` } : wrongType(value);
    case F64:
      return isF64(value) ? undefined : wrongType(value);
    case STRING:
      if (isUtf8String(value)) return undefined;
      return typeof value === "string" ? { code: "INVALID_STRING", actual: loneSurrogate(value) } : wrongType(value);
    case BYTES:
      return isBytes(value) ? undefined : wrongType(value);
    case CHAR:
      return isChar(value) ? undefined : charProblem(value);
    default:
      return undefined;
  }
}

function integerProblem(value: unknown, wide: boolean): Problem {
  if (typeof value === "bigint") {
    return wide ? { code: "OUT_OF_RANGE", actual: `${value} (out of range)` } : wrongType(value);
  }
  if (typeof value !== "number") return wrongType(value);
  if (!Number.isInteger(value)) return { code: "NOT_INTEGER", actual: `${value} (not an integer)` };
  if (wide && !Number.isSafeInteger(value)) {
    return { code: "NOT_SAFE_INTEGER", actual: `${value}, past Number.MAX_SAFE_INTEGER (pass a BigInt)` };
  }
  return { code: "OUT_OF_RANGE", actual: `${value} (out of range)` };
}

// A string that is not one scalar value: a lone surrogate is the string problem it is anywhere
// else; any other string holds the wrong number of characters, a range a char is outside of.
function charProblem(value: unknown): Problem {
  if (typeof value !== "string") return wrongType(value);
  if (!isUtf8String(value)) return { code: "INVALID_STRING", actual: loneSurrogate(value) };
  const count = codePoints(value);
  return { code: "OUT_OF_RANGE", actual: count === 0 ? "an empty string" : `a string of ${count} characters` };
}

function codePoints(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++, count++) if ((value.charCodeAt(i) & 0xfc00) === 0xd800) i++;
  return count;
}

function wrongType(value: unknown): Problem {
  return { code: "WRONG_TYPE", actual: describeValue(value) };
}

function loneSurrogate(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if ((unit & 0xfc00) === 0xd800 && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    else if ((unit & 0xf800) === 0xd800)
      return `a string with a lone surrogate at index ${i}, which UTF-8 cannot carry`;
  }
  return "a string that is not well-formed";
}

/** What a JavaScript value is, for messages: `number 1.5`, `bigint 7`, `string`, `array`, `Map`. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "number":
      return `number ${value}`;
    case "bigint":
      return `bigint ${value}`;
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) return "array";
      if (isPlainObject(value)) return "object";
      const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
      return typeof name === "string" && name !== "" ? name : "object";
    }
    default:
      return typeof value;
  }
}
