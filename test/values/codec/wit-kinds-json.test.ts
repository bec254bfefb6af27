import { describe, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { compileValueCodec, fromJson, parseValueType } from "../../../runtime/values/index.js";

// The JSON form of the WIT kinds (CLI --input, HTTP API): the host values, with 64-bit integers
// as decimal strings and bytes as base64 inside them as anywhere else.

const limit = 1 << 20;
const codecOf = (type: string) => compileValueCodec(parseValueType(type));
const converted = (type: string, json: unknown) => codecOf(type).fromJson(json);

function issuesOf(type: string, json: unknown): readonly { path: string; code: string }[] {
  try {
    converted(type, json);
  } catch (error) {
    expect(error).toBeInstanceOf(TaskRunError);
    expect((error as TaskRunError).code).toBe("INPUT_INVALID");
    return (error as TaskRunError).issues;
  }
  throw new Error("fromJson accepted it");
}

describe("JSON input of the WIT kinds", () => {
  test.each<[string, string, unknown, unknown]>([
    [
      "64-bit decimal strings and base64 in a tuple",
      "tuple<u64, s64, bytes>",
      ["18446744073709551615", "-9223372036854775808", "AQI="],
      [2n ** 64n - 1n, -(2n ** 63n), new Uint8Array([1, 2])],
    ],
    [
      "a decimal string in a variant payload",
      "variant{big(u64), none}",
      { tag: "big", val: "9007199254740993" },
      { tag: "big", val: 9007199254740993n },
    ],
    [
      "decimal strings in a list in a result",
      "result<list<s64>, string>",
      { tag: "ok", val: ["-12", "9223372036854775807"] },
      { tag: "ok", val: [-12, 2n ** 63n - 1n] },
    ],
    [
      "base64 in an err",
      "result<_, bytes>",
      { tag: "err", val: "AP8=" },
      { tag: "err", val: new Uint8Array([0, 255]) },
    ],
    ["a float word in a tuple", "tuple<f64>", ["-Infinity"], [Number.NEGATIVE_INFINITY]],
    ["an option payload left out", "variant{maybe(option<u64>)}", { tag: "maybe" }, { tag: "maybe", val: null }],
    ["a case without payload", "variant{a(u32), b}", { tag: "b" }, { tag: "b" }],
    ["an enum case", "enum{red, light-blue}", "light-blue", "light-blue"],
    ["a char", "char", "😀", "😀"],
    ["flags with some left out", "flags{read, write}", { write: true }, { write: true }],
  ])("%s", (_, type, json, value) => {
    expect(converted(type, json)).toEqual(value);
    expect(codecOf(type).encodeInput(value, limit)).toBeInstanceOf(Uint8Array);
  });

  test.each<[string, string, unknown, string, string]>([
    ["a decimal string with junk in a tuple", "tuple<u64, bool>", ["12x", true], "input[0]", "WRONG_TYPE"],
    ["a tuple of the wrong length", "tuple<u64, bool>", ["1"], "input", "OUT_OF_RANGE"],
    [
      "an out-of-range decimal string in a payload",
      "variant{n(u64)}",
      { tag: "n", val: "-1" },
      "input.val",
      "OUT_OF_RANGE",
    ],
    [
      "a JSON number past 2^53 in a payload",
      "result<s64>",
      { tag: "ok", val: 2 ** 60 },
      "input.val",
      "NOT_SAFE_INTEGER",
    ],
    ["text that is not base64 in a payload", "variant{b(bytes)}", { tag: "b", val: "%%" }, "input.val", "WRONG_TYPE"],
    ["an undeclared tag", "variant{a(u32), b}", { tag: "c" }, "input.tag", "UNKNOWN_CASE"],
    ["a payload on a case without one", "variant{a(u32), b}", { tag: "b", val: 1 }, "input.val", "UNKNOWN_FIELD"],
    ["a missing payload", "variant{a(u32), b}", { tag: "a" }, "input.val", "MISSING_FIELD"],
    [
      "a variant's __proto__ key",
      "variant{a(u32), b}",
      JSON.parse(`{"tag":"b","__proto__":{}}`),
      "input.__proto__",
      "UNKNOWN_FIELD",
    ],
    ["a flags __proto__ key", "flags{read}", JSON.parse(`{"__proto__":true}`), "input.__proto__", "UNKNOWN_FIELD"],
    ["a flag as a string", "flags{read}", { read: "true" }, "input.read", "WRONG_TYPE"],
    ["an enum case index", "enum{red}", 0, "input", "WRONG_TYPE"],
    ["two characters for a char", "char", "ab", "input", "OUT_OF_RANGE"],
  ])("%s is INPUT_INVALID at its path", (_, type, json, path, code) => {
    expect(issuesOf(type, json)).toEqual([expect.objectContaining({ path, code })]);
  });

  test("a converted variant has only its tag and val, whatever else was read", () => {
    const value = converted("variant{a(u32), b}", { tag: "a", val: 1 }) as object;
    expect(Object.keys(value)).toEqual(["tag", "val"]);
  });

  test("the library's fromJson gives the same issues as data", () => {
    expect(fromJson(parseValueType("tuple<enum{a}>"), ["b"], "initial")).toEqual({
      issues: [expect.objectContaining({ path: "initial[0]", code: "UNKNOWN_CASE" })],
      truncated: false,
    });
  });
});

describe("toJson of the WIT kinds", () => {
  test.each<[string, string, unknown, unknown]>([
    [
      "64-bit integers in a tuple as decimal strings",
      "tuple<u64, s64>",
      [2n ** 64n - 1n, 5],
      ["18446744073709551615", 5],
    ],
    [
      "bytes in a variant as base64",
      "variant{b(bytes)}",
      { tag: "b", val: new Uint8Array([0, 255]) },
      { tag: "b", val: "AP8=" },
    ],
    ["a non-finite float in a result", "result<f64>", { tag: "ok", val: Number.NaN }, { tag: "ok", val: "NaN" }],
    ["an option payload left out as null", "variant{m(option<u32>)}", { tag: "m" }, { tag: "m", val: null }],
    ["a case without payload as its tag alone", "result<u32>", { tag: "err" }, { tag: "err" }],
    ["flags with every flag", "flags{read, write}", { write: true }, { read: false, write: true }],
    ["an enum and a char as strings", "tuple<enum{a, b}, char>", ["b", "😀"], ["b", "😀"]],
  ])("%s", (_, type, value, json) => {
    const codec = codecOf(type);
    expect(codec.toJson(codec.decodeOutput(codec.encodeInput(value, limit), limit))).toEqual(json);
  });
});
