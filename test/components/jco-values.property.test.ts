import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fromJcoValue, jcoFieldKey, toJcoValue } from "../../runtime/components/index.js";
import { parseValueType, resultCases, type ValueType } from "../../runtime/values/index.js";
import { canonical, typedValues } from "../helpers/value-generators.js";

/**
 * Whether every record's fields keep distinct keys in jco's shape. Names such as `a_b` and
 * `a__b` meet in one key; a component could never match such a record (two fields, one WIT
 * name), so conversion need not tell them apart.
 */
function keysDistinct(type: ValueType): boolean {
  switch (type.kind) {
    case "list":
      return keysDistinct(type.element);
    case "option":
      return keysDistinct(type.inner);
    case "tuple":
      return type.elements.every(keysDistinct);
    case "record": {
      const keys = type.fields.map((f) => jcoFieldKey(f.name));
      return new Set(keys).size === keys.length && type.fields.every((f) => keysDistinct(f.type));
    }
    case "variant":
      return type.cases.every((c) => c.type === undefined || keysDistinct(c.type));
    case "result":
      return resultCases(type).every((c) => c.type === undefined || keysDistinct(c.type));
    default:
      return true;
  }
}

test("ours → jco's shape → ours gives back the value", () => {
  fc.assert(
    fc.property(
      typedValues.filter(({ type }) => keysDistinct(type)),
      ({ type, value }) => {
        const back = fromJcoValue(type, toJcoValue(type, value));
        expect(canonical(type, back)).toEqual(canonical(type, value));
      },
    ),
    { numRuns: 300 },
  );
});

test("a record comes back plain, with only its declared keys", () => {
  fc.assert(
    fc.property(
      typedValues.filter(({ type }) => keysDistinct(type) && type.kind === "record"),
      ({ type, value }) => {
        const back = fromJcoValue(type, toJcoValue(type, value)) as object;
        expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
        if (type.kind === "record") expect(Object.keys(back)).toEqual(type.fields.map((f) => f.name));
      },
    ),
    { numRuns: 200 },
  );
});

describe("jco's shape", () => {
  const to = (text: string, value: unknown) => toJcoValue(parseValueType(text), value);
  const from = (text: string, value: unknown) => fromJcoValue(parseValueType(text), value);

  test("records and flags under camelCase keys; enum and variant labels as they are", () => {
    expect(to("record{word_count: u32, HTTPCode: u32}", { word_count: 1, HTTPCode: 2 })).toEqual({
      wordCount: 1,
      httpCode: 2,
    });
    expect(to("flags{can-read, is-ok}", { "can-read": true })).toEqual({ canRead: true, isOk: false });
    expect(from("flags{can-read, is-ok}", { canRead: true, isOk: false })).toEqual({
      "can-read": true,
      "is-ok": false,
    });
    expect(to("enum{light-blue, red}", "light-blue")).toBe("light-blue");
    expect(to("variant{went-wrong(string), fine}", { tag: "went-wrong", val: "x" })).toEqual({
      tag: "went-wrong",
      val: "x",
    });
    expect(to("variant{went-wrong(string), fine}", { tag: "fine" })).toEqual({ tag: "fine" });
  });

  test("64-bit integers: BigInt for jco; back as numbers while safe", () => {
    expect(to("u64", 5)).toBe(5n);
    expect(to("s64", -(2n ** 63n))).toBe(-(2n ** 63n));
    expect(from("u64", 5n)).toBe(5);
    expect(from("s64", -(2n ** 53n) + 1n)).toBe(-(2 ** 53) + 1);
    expect(from("u64", 2n ** 53n)).toBe(2n ** 53n);
    expect(from("list<u64>", new BigUint64Array([1n, 2n ** 60n]))).toEqual([1, 2n ** 60n]);
  });

  test("an option is undefined for none, unless its inner type is an option that is", () => {
    expect(to("option<u32>", null)).toBeUndefined();
    expect(to("option<u32>", 3)).toBe(3);
    expect(to("option<option<u32>>", null)).toEqual({ tag: "none" });
    expect(to("option<option<u32>>", 3)).toEqual({ tag: "some", val: 3 });
    // option<option<option<u32>>>: the outer option's inner one is tagged, so the outer is undefined for none.
    expect(to("option<option<option<u32>>>", null)).toBeUndefined();
    expect(to("option<option<option<u32>>>", 3)).toEqual({ tag: "some", val: 3 });
    expect(from("option<option<u32>>", { tag: "some", val: undefined })).toBeNull();
    expect(from("option<option<u32>>", { tag: "some", val: 4 })).toBe(4);
    expect(from("record{a: option<u32>}", {})).toEqual({ a: null });
  });

  test("results nested in a value as tagged objects, a side without a type without val", () => {
    expect(to("tuple<result<u32, string>>", [{ tag: "err", val: "no" }])).toEqual([{ tag: "err", val: "no" }]);
    expect(from("result<_, string>", { tag: "ok", val: undefined })).toEqual({ tag: "ok" });
  });

  test("bytes stay a Uint8Array; lists of numbers may come back as typed arrays", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(to("bytes", bytes)).toBe(bytes);
    expect(from("bytes", bytes)).toBe(bytes);
    expect(from("bytes", Buffer.from([1, 2]))).toEqual(new Uint8Array([1, 2]));
    expect(Object.getPrototypeOf(from("bytes", Buffer.from([1, 2])))).toBe(Uint8Array.prototype);
    expect(from("list<f32>", new Float32Array([1.5]))).toEqual([1.5]);
  });
});
