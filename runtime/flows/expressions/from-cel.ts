import { Optional } from "@marcbachmann/cel-js";
import { UnsignedInt } from "@marcbachmann/cel-js/evaluator";
import { integerRanges, maxSafeBigInt } from "../../values/index.js";
import { ShapeMismatch } from "./to-cel.js";

const maxSafe = maxSafeBigInt;
const s64 = integerRanges.s64;

/**
 * A result of the library in our value model: integers as numbers when they are safe integers
 * and BigInt otherwise, options as their value or null, maps and records as plain objects built
 * from own keys only (a `__proto__` key stays an ordinary key and never becomes a prototype).
 * Values with no counterpart (timestamps, durations, types) are refused.
 */
export function fromCel(value: unknown, path = "result"): unknown {
  switch (typeof value) {
    case "bigint":
      // Every int operation checks its range (the patched library); this is the last guard.
      if (value < s64[0] || value > s64[1]) throw new IntegerOverflow(value);
      return value >= -maxSafe && value <= maxSafe ? Number(value) : value;
    case "number":
    case "string":
    case "boolean":
      return value;
    case "object":
      break;
    default:
      throw new ShapeMismatch(path, "a value", typeof value);
  }
  if (value === null) return null;
  if (value instanceof UnsignedInt) return unsigned(value.valueOf());
  if (value instanceof Uint8Array) return value;
  if (value instanceof Optional) return value.hasValue() ? fromCel(value.value(), path) : null;
  if (Array.isArray(value) || value instanceof Set)
    return Array.from(value, (item, i) => fromCel(item, `${path}[${i}]`));
  if (value instanceof Map) return objectOf(value.entries(), path);
  const proto: unknown = Object.getPrototypeOf(value);
  const isData = proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
  if (!isData) throw new ShapeMismatch(path, "a value", describeObject(value));
  return objectOf(
    Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]] as const),
    path,
  );
}

function objectOf(entries: Iterable<readonly [unknown, unknown]>, path: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const name = typeof key === "string" ? key : String(fromCel(key, path));
    // Defined, not assigned: assigning to `__proto__` would set the prototype.
    Object.defineProperty(result, name, {
      value: fromCel(item, `${path}.${name}`),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function describeObject(value: object): string {
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? name : "object";
}

function unsigned(value: bigint): number | bigint {
  return value <= maxSafe ? Number(value) : value;
}

/** An `int` result outside the 64-bit range. */
export class IntegerOverflow {
  constructor(readonly value: bigint) {}
}
