import { readFileSync } from "node:fs";
import fc from "fast-check";
import { parseValueType, type ValueType } from "../../runtime/values/index.js";

/** The declared type of a fixture task's input, parsed as the runtime parses it. */
export function fixtureInputType(name: string): ValueType {
  const file = new URL(`../fixtures/as/${name}/${name}.task.json`, import.meta.url);
  return parseValueType(JSON.parse(readFileSync(file, "utf8")).input);
}

const u64Max = 2n ** 64n - 1n;
const s64Min = -(2n ** 63n);
const s64Max = 2n ** 63n - 1n;

/**
 * Values of a declared type as a host would send them: 64-bit integers as BigInt or small
 * numbers, strings across Unicode, options absent, null or present.
 */
export function arbitraryOf(type: ValueType): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "bool":
      return fc.boolean();
    case "s32":
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case "u32":
      return fc.integer({ min: 0, max: 2 ** 32 - 1 });
    case "s64":
      return fc.oneof(fc.bigInt({ min: s64Min, max: s64Max }), fc.constantFrom(s64Min, s64Max, -1n, 0n), fc.integer());
    case "u64":
      return fc.oneof(
        fc.bigInt({ min: 0n, max: u64Max }),
        fc.constantFrom(u64Max, u64Max - 1n, 2n ** 63n, 0n),
        fc.nat(),
      );
    case "f32":
      return fc.float();
    case "f64":
      return fc.double();
    case "string":
      return fc.oneof(
        fc.string({ unit: "grapheme", maxLength: 12 }),
        fc.string({ unit: "binary", maxLength: 12 }),
        fc.constantFrom("", "héllo wörld", "👩‍👩‍👧‍👦🎉", "日本語テキスト", "a".repeat(300)),
      );
    case "bytes":
      return fc.uint8Array({ maxLength: 40 });
    case "list":
      return fc.array(arbitraryOf(type.element), { maxLength: 4 });
    case "option":
      return fc.option(arbitraryOf(type.inner), { nil: null });
    case "record": {
      const fields = Object.fromEntries(type.fields.map((f) => [f.name, arbitraryOf(f.type)]));
      const requiredKeys = type.fields.filter((f) => f.type.kind !== "option").map((f) => f.name);
      return fc.record(fields, { requiredKeys });
    }
  }
}

/**
 * A value in the one form both sides of a comparison can share: 64-bit integers as BigInt, bytes
 * as a plain Uint8Array, absent options as null, and -0 as 0 (MessagePack encoders write it as 0).
 */
export function normalize(type: ValueType, value: unknown): unknown {
  switch (type.kind) {
    case "s64":
    case "u64":
      return BigInt(value as number | bigint);
    case "f32":
    case "f64":
      return Object.is(value, -0) ? 0 : value;
    case "bytes":
      return new Uint8Array(value as Uint8Array);
    case "list":
      return (value as unknown[]).map((v) => normalize(type.element, v));
    case "option":
      return value === null || value === undefined ? null : normalize(type.inner, value);
    case "record": {
      const record = value as Record<string, unknown>;
      return Object.fromEntries(type.fields.map((f) => [f.name, normalize(f.type, record[f.name])]));
    }
    default:
      return value;
  }
}
