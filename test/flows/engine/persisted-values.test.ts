import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { packValue, toJsonValue, unpackValue } from "../../../runtime/flows/engine/persisted-values.js";

const u64Max = 2n ** 64n - 1n;
const s64Min = -(2n ** 63n);
const s64Max = 2n ** 63n - 1n;

const roundTrip = (value: unknown): unknown => unpackValue(packValue(value));

describe("packValue / unpackValue keep every value of our model", () => {
  test.each([
    ["zero", 0],
    ["a negative integer", -42],
    ["the largest u32", 4_294_967_295],
    ["a float", 0.1 + 0.2],
    ["a negative float", -1.5e-300],
    ["MAX_SAFE_INTEGER", Number.MAX_SAFE_INTEGER],
    ["MIN_SAFE_INTEGER", Number.MIN_SAFE_INTEGER],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["true", true],
    ["false", false],
    ["null", null],
    ["an empty string", ""],
    ["a unicode string", "héllo wörld ✓ 𝄞"],
    ["an empty list", []],
    ["an empty record", {}],
  ])("%s", (_name, value) => {
    expect(roundTrip(value)).toEqual(value);
  });

  test("-0 stays a number equal to 0", () => {
    expect(roundTrip(-0)).toBe(0);
  });

  test.each([
    ["2^53 + 1", 2n ** 53n + 1n],
    ["u64 max", u64Max],
    ["s64 max", s64Max],
    ["s64 min", s64Min],
    ["-(2^53 + 1)", -(2n ** 53n) - 1n],
  ])("a 64-bit integer past 2^53 (%s) comes back as the same BigInt", (_name, value) => {
    const back = roundTrip(value);
    expect(typeof back).toBe("bigint");
    expect(back).toBe(value);
  });

  // Regression: msgpackr's int64AsType "auto" returns a Number for every integer in [-2^53, 2^53],
  // bounds included, but our model keeps numbers only while Number.isSafeInteger: ±2^53 must come
  // back as BigInt.
  test.each([
    ["2^53", 2n ** 53n],
    ["-(2^53)", -(2n ** 53n)],
  ])("%s, just past the safe integers, comes back as a BigInt", (_name, value) => {
    expect(roundTrip(value)).toBe(value);
  });

  test("a safe integer written as a BigInt comes back as a number (the model: numbers while safe)", () => {
    expect(roundTrip(7n)).toBe(7);
    expect(roundTrip({ n: 2n ** 40n })).toEqual({ n: 2 ** 40 });
  });

  test("bytes come back as a plain Uint8Array, not a Buffer", () => {
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    const back = roundTrip({ data: bytes, list: [bytes, new Uint8Array(0)] }) as {
      data: Uint8Array;
      list: Uint8Array[];
    };
    for (const value of [back.data, ...back.list]) {
      expect(value).toBeInstanceOf(Uint8Array);
      expect(Buffer.isBuffer(value)).toBe(false);
      expect(Object.getPrototypeOf(value)).toBe(Uint8Array.prototype);
    }
    expect([...back.data]).toEqual([0, 1, 2, 254, 255]);
    expect(back.list[1]?.byteLength).toBe(0);
  });

  test("nested records and lists, with options (null) and every scalar kind inside", () => {
    const value = {
      name: "card",
      tags: ["a", "b"],
      age: null,
      nested: { ids: [{ id: u64Max }, { id: 1 }], blob: new Uint8Array([9, 8]), ratio: -0.25 },
      matrix: [[1, 2], [], [3]],
      flag: false,
    };
    const back = roundTrip(value) as typeof value;
    expect(back).toEqual(value);
    expect(back.nested.blob).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(back.nested.blob)).toBe(false);
  });

  test("records come back as plain objects, keys in their order", () => {
    const back = roundTrip({ z: 1, a: 2, m: { y: 1, b: 2 } }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(["z", "a", "m"]);
    expect(Object.keys(back.m as object)).toEqual(["y", "b"]);
  });

  test("undefined, null and missing bytes read back as undefined", () => {
    expect(unpackValue(null)).toBeUndefined();
    expect(unpackValue(undefined)).toBeUndefined();
  });
});

describe("__proto__ keys never reach a prototype", () => {
  test("a value with an own __proto__ key does not pollute Object.prototype when read back", () => {
    const hostile = JSON.parse('{"a": 1, "__proto__": {"polluted": true}, "inner": {"__proto__": {"polluted": 1}}}');
    const back = roundTrip(hostile) as Record<string, unknown>;
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(back.polluted).toBeUndefined();
    expect((back.inner as Record<string, unknown>).polluted).toBeUndefined();
    expect(back.a).toBe(1);
  });

  // Regression (defence in depth): toJsonValue used to copy keys with `out[key] = …`, so an own
  // "__proto__" key set the prototype of the object it returned.
  test("toJsonValue does not turn a __proto__ key into a prototype either", () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "b": 2}');
    const json = toJsonValue(hostile) as Record<string, unknown>;
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect(json.polluted).toBeUndefined();
    expect(json.b).toBe(2);
  });
});

describe("toJsonValue: our model as JSON", () => {
  test.each([
    ["a BigInt as its decimal string", u64Max, "18446744073709551615"],
    ["a negative BigInt", s64Min, "-9223372036854775808"],
    ["NaN as a string", Number.NaN, "NaN"],
    ["Infinity as a string", Number.POSITIVE_INFINITY, "Infinity"],
    ["-Infinity as a string", Number.NEGATIVE_INFINITY, "-Infinity"],
    ["bytes as base64", new Uint8Array([104, 105, 0, 255]), "aGkA/w=="],
    ["empty bytes as an empty string", new Uint8Array(0), ""],
    ["a finite number as it is", 1.5, 1.5],
    ["a string as it is", "text", "text"],
    ["null as it is", null, null],
    ["a bool as it is", true, true],
  ])("%s", (_name, value, expected) => {
    expect(toJsonValue(value)).toEqual(expected);
  });

  test("a Uint8Array view into a larger buffer encodes only its own bytes", () => {
    const buffer = new Uint8Array([1, 2, 3, 4, 5, 6]);
    expect(toJsonValue(buffer.subarray(2, 4))).toBe(Buffer.from([3, 4]).toString("base64"));
  });

  test("nested values are mapped all the way down, and the result survives JSON.stringify", () => {
    const value = {
      id: 2n ** 63n,
      blob: new Uint8Array([1, 2, 3]),
      scores: [1, Number.NaN, Number.NEGATIVE_INFINITY],
      rows: [{ n: 3n ** 40n, tag: null }],
    };
    const json = toJsonValue(value);
    expect(json).toEqual({
      id: "9223372036854775808",
      blob: "AQID",
      scores: [1, "NaN", "-Infinity"],
      rows: [{ n: (3n ** 40n).toString(), tag: null }],
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

/** Any value of our model: numbers, 64-bit BigInts past 2^53, strings, bytes, null, records and lists. */
const modelValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.double(),
    fc.integer(),
    fc.oneof(fc.bigInt({ min: s64Min, max: -(2n ** 53n) - 1n }), fc.bigInt({ min: 2n ** 53n + 1n, max: u64Max })),
    fc.string({ unit: "grapheme" }),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 32 }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }).filter((key) => key !== "__proto__"),
      tie("value"),
      { maxKeys: 4 },
    ),
  ),
})).value;

/** What a value should look like after a round trip: -0 is stored as the integer 0. */
function expected(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(expected);
  if (value instanceof Uint8Array || value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expected(item)]));
}

test("property: every value of our model survives packValue → unpackValue, and toJsonValue is JSON", () => {
  fc.assert(
    fc.property(modelValue, (value) => {
      const back = roundTrip(value);
      expect(back).toEqual(expected(value));
      const json = toJsonValue(back);
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    }),
    { numRuns: 300 },
  );
});
