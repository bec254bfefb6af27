import { describe, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { compileValueCodec, maxIssues, parseValueType } from "../../../runtime/values/index.js";

const limit = 1 << 20;
const codec = compileValueCodec(
  parseValueType({
    name: "string",
    age: "u32",
    small: "s32",
    big: "s64",
    huge: "u64",
    ratio: "f32",
    flag: "bool",
    tags: "list<string>",
    data: "bytes",
    nick: "option<string>",
    items: "list<record{label: string}>",
  }),
);
const valid = {
  name: "n",
  age: 1,
  small: -1,
  big: 1n,
  huge: 2,
  ratio: 0.5,
  flag: true,
  tags: [],
  data: new Uint8Array(0),
  items: [],
};

function issuesOf(value: unknown): readonly { code: string; path: string; expected?: string; actual?: string }[] {
  try {
    codec.encodeInput(value, limit);
  } catch (error) {
    expect(error).toBeInstanceOf(TaskRunError);
    expect((error as TaskRunError).code).toBe("INPUT_INVALID");
    return (error as TaskRunError).issues;
  }
  throw new Error("encodeInput accepted an invalid value");
}

class Point {
  name = "n";
}

describe("input is checked against the declared type before it is encoded", () => {
  test.each<[string, Record<string, unknown>, string, string, string]>([
    ["a number for a string", { name: 5 }, "input.name", "WRONG_TYPE", "number 5"],
    ["a negative u32", { age: -1 }, "input.age", "OUT_OF_RANGE", "-1 (out of range)"],
    ["a u32 past 2^32-1", { age: 2 ** 32 }, "input.age", "OUT_OF_RANGE", "4294967296 (out of range)"],
    ["an s32 past 2^31-1", { small: 2 ** 31 }, "input.small", "OUT_OF_RANGE", "2147483648 (out of range)"],
    ["a fraction for an int", { age: 1.5 }, "input.age", "NOT_INTEGER", "1.5 (not an integer)"],
    ["NaN for an int", { small: Number.NaN }, "input.small", "NOT_INTEGER", "NaN (not an integer)"],
    ["Infinity for an int", { age: Number.POSITIVE_INFINITY }, "input.age", "NOT_INTEGER", "Infinity (not an integer)"],
    ["a BigInt for s32", { small: 5n }, "input.small", "WRONG_TYPE", "bigint 5"],
    ["a string for u32", { age: "1" }, "input.age", "WRONG_TYPE", "string"],
    [
      "an unsafe number for s64",
      { big: 2 ** 53 },
      "input.big",
      "NOT_SAFE_INTEGER",
      "9007199254740992, past Number.MAX_SAFE_INTEGER (pass a BigInt)",
    ],
    [
      "an s64 BigInt past 2^63-1",
      { big: 2n ** 63n },
      "input.big",
      "OUT_OF_RANGE",
      "9223372036854775808 (out of range)",
    ],
    ["a u64 BigInt below zero", { huge: -1n }, "input.huge", "OUT_OF_RANGE", "-1 (out of range)"],
    [
      "a u64 BigInt past 2^64-1",
      { huge: 2n ** 64n },
      "input.huge",
      "OUT_OF_RANGE",
      "18446744073709551616 (out of range)",
    ],
    ["a fraction for u64", { huge: 0.5 }, "input.huge", "NOT_INTEGER", "0.5 (not an integer)"],
    ["an f32 past the float32 range", { ratio: 1e39 }, "input.ratio", "OUT_OF_RANGE", "1e+39 (out of range)"],
    ["a string for f32", { ratio: "0.5" }, "input.ratio", "WRONG_TYPE", "string"],
    ["a number for a bool", { flag: 1 }, "input.flag", "WRONG_TYPE", "number 1"],
    ["a string for a list", { tags: "a" }, "input.tags", "WRONG_TYPE", "string"],
    ["a bad list element", { tags: ["a", 2] }, "input.tags[1]", "WRONG_TYPE", "number 2"],
    ["a plain array for bytes", { data: [1, 2] }, "input.data", "WRONG_TYPE", "array"],
    ["an ArrayBuffer for bytes", { data: new ArrayBuffer(1) }, "input.data", "WRONG_TYPE", "ArrayBuffer"],
    [
      "a lone surrogate",
      { name: "a\uD800b" },
      "input.name",
      "INVALID_STRING",
      "a string with a lone surrogate at index 1, which UTF-8 cannot carry",
    ],
    [
      "a lone surrogate in a long string",
      { name: `${"x".repeat(100)}\uDC00` },
      "input.name",
      "INVALID_STRING",
      "a string with a lone surrogate at index 100, which UTF-8 cannot carry",
    ],
    [
      "a bad field deep inside",
      { items: [{ label: "a" }, { label: null }] },
      "input.items[1].label",
      "WRONG_TYPE",
      "null",
    ],
    ["a Map for a record", { items: [new Map([["label", "a"]])] }, "input.items[0]", "WRONG_TYPE", "Map"],
    ["a class instance for a record", { items: [new Point()] }, "input.items[0]", "WRONG_TYPE", "Point"],
    ["an unknown key", { nmae: "x" }, "input.nmae", "UNKNOWN_FIELD", "a value"],
    ["an unknown key with an odd name", { "a b": 1 }, 'input["a b"]', "UNKNOWN_FIELD", "a value"],
    ["a missing field", { name: undefined }, "input.name", "MISSING_FIELD", "nothing"],
    ["a wrong type for an option", { nick: 5 }, "input.nick", "WRONG_TYPE", "number 5"],
  ])("%s", (_, change, path, code, actual) => {
    const issues = issuesOf({ ...valid, ...change });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path, code, actual });
  });

  test.each<[string, unknown]>([
    ["null", null],
    ["an array", [valid]],
    ["a string", "{}"],
  ])("%s for the whole record is one issue at input", (_, value) => {
    expect(issuesOf(value)).toEqual([
      expect.objectContaining({ path: "input", code: "WRONG_TYPE", expected: "record" }),
    ]);
  });

  test('a JSON-parsed "__proto__" key is an unknown field, and no prototype changes', () => {
    const input = JSON.parse(
      `{"name":"n","age":1,"small":0,"big":1,"huge":1,"ratio":1,"flag":false,"tags":[],"items":[],"__proto__":{"data":1}}`,
    );
    const issues = issuesOf({ ...input, data: new Uint8Array(0) });
    expect(issues).toEqual([expect.objectContaining({ path: "input.__proto__", code: "UNKNOWN_FIELD" })]);
    expect(issuesOf(input).map((issue) => issue.path)).toEqual(["input.__proto__", "input.data"]);
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).data).toBeUndefined();
  });

  test("every problem is reported together, in one error whose message lists them", () => {
    const { name: _, ...withoutName } = valid;
    const value = { ...withoutName, age: -1, tags: [1, "ok", 2], extra: true };
    const issues = issuesOf(value);
    expect(issues.map((issue) => issue.path)).toEqual([
      "input.extra",
      "input.name",
      "input.age",
      "input.tags[0]",
      "input.tags[2]",
    ]);
    try {
      codec.encodeInput(value, limit);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("input does not match the declared type: 5 problems");
      expect(message).toContain("  - input.age: expected u32, got -1 (out of range)");
      expect(message).toContain("  - input.name: missing required field");
    }
  });

  test(`at most ${maxIssues} issues are collected, and the error says more were left out`, () => {
    const error = (() => {
      try {
        codec.encodeInput({ ...valid, tags: new Array(10_000).fill(0) }, limit);
      } catch (caught) {
        return caught as TaskRunError;
      }
      throw new Error("accepted");
    })();
    expect(error.issues).toHaveLength(maxIssues);
    expect(error.details.truncated).toBe(true);
    expect(error.message).toContain(`${maxIssues}+ problems`);
  });

  test.each<[string, Record<string, unknown>]>([
    ["an absent option", {}],
    ["an option set to undefined", { nick: undefined }],
    ["an option set to null", { nick: null }],
    ["a Buffer for bytes", { data: Buffer.from([1, 2]) }],
    ["a safe-integer number for s64 and u64", { big: -(2 ** 53) + 1, huge: 2 ** 53 - 1 }],
    ["BigInts at the 64-bit extremes", { big: -(2n ** 63n), huge: 2n ** 64n - 1n }],
    ["NaN for a float", { ratio: Number.NaN }],
    ["-Infinity for a float", { ratio: Number.NEGATIVE_INFINITY }],
    ["a record with a null prototype", { items: [Object.assign(Object.create(null), { label: "x" })] }],
  ])("%s is accepted", (_, change) => {
    expect(codec.encodeInput({ ...valid, ...change }, limit)).toBeInstanceOf(Uint8Array);
  });
});
