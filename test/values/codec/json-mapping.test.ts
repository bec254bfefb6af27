import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { compileValueCodec, parseValueType } from "../../../runtime/values/index.js";
import { canonical, typedValues } from "../../helpers/value-generators.js";

const limit = 1 << 20;
const codec = compileValueCodec(
  parseValueType({
    big: "s64",
    huge: "u64",
    data: "bytes",
    ratio: "f64",
    tags: "list<string>",
    note: "option<string>",
  }),
);
const base = { big: 1, huge: 2, data: "", ratio: 0.5, tags: [] };

function issuesOf(value: unknown): readonly { path: string; code: string; actual?: string }[] {
  try {
    codec.fromJson(value);
  } catch (error) {
    expect(error).toBeInstanceOf(TaskRunError);
    expect((error as TaskRunError).code).toBe("INPUT_INVALID");
    return (error as TaskRunError).issues;
  }
  throw new Error("fromJson accepted it");
}

describe("JSON input for the CLI and API users", () => {
  test("64-bit integers may be decimal strings, bytes base64, floats the words for non-finite values", () => {
    const value = codec.fromJson({
      big: "-9223372036854775808",
      huge: "18446744073709551615",
      data: "AQL/",
      ratio: "-Infinity",
      tags: ["a"],
    });
    expect(value).toEqual({
      big: -(2n ** 63n),
      huge: 2n ** 64n - 1n,
      data: new Uint8Array([1, 2, 255]),
      ratio: Number.NEGATIVE_INFINITY,
      tags: ["a"],
      note: null,
    });
    expect(codec.encodeInput(value, limit)).toBeInstanceOf(Uint8Array);
  });

  test("decimal strings that fit a safe integer become numbers", () => {
    expect(codec.fromJson({ ...base, big: "-12", huge: "9007199254740991" })).toMatchObject({
      big: -12,
      huge: 2 ** 53 - 1,
    });
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ["a JSON number past 2^53 (precision already lost)", { big: 2 ** 60 }, "input.big", "NOT_SAFE_INTEGER"],
    ["a decimal string with junk", { big: "12x" }, "input.big", "WRONG_TYPE"],
    ["a decimal string with a plus sign", { big: "+1" }, "input.big", "WRONG_TYPE"],
    ["a hexadecimal string", { huge: "0x10" }, "input.huge", "WRONG_TYPE"],
    ["a decimal string out of range", { huge: "-1" }, "input.huge", "OUT_OF_RANGE"],
    ["a decimal string past 2^63-1 for s64", { big: "9223372036854775808" }, "input.big", "OUT_OF_RANGE"],
    ["bytes as an array of numbers", { data: [1, 2] }, "input.data", "WRONG_TYPE"],
    ["bytes as text that is not base64", { data: "not base64!" }, "input.data", "WRONG_TYPE"],
    ["base64 without its padding", { data: "AQI" }, "input.data", "WRONG_TYPE"],
    ["a float word in the wrong case", { ratio: "nan" }, "input.ratio", "WRONG_TYPE"],
    ["a bad list element", { tags: ["a", 1] }, "input.tags[1]", "WRONG_TYPE"],
    ["an unknown key", { extra: 1 }, "input.extra", "UNKNOWN_FIELD"],
    ["a missing field", { big: undefined }, "input.big", "MISSING_FIELD"],
  ])("%s is INPUT_INVALID at its path", (_, change, path, code) => {
    expect(issuesOf({ ...base, ...change })).toEqual([expect.objectContaining({ path, code })]);
  });

  test("several problems are reported together", () => {
    const issues = issuesOf({ big: "x", data: 5, ratio: 1, tags: "a", other: true });
    expect(issues.map((issue) => issue.path)).toEqual([
      "input.other",
      "input.big",
      "input.huge",
      "input.data",
      "input.tags",
    ]);
  });

  test('a JSON "__proto__" key is an unknown field, not a prototype', () => {
    const parsed = JSON.parse(`{"big":1,"huge":2,"data":"","ratio":0,"tags":[],"__proto__":{"note":"x"}}`);
    expect(issuesOf(parsed)).toEqual([expect.objectContaining({ path: "input.__proto__", code: "UNKNOWN_FIELD" })]);
  });

  test("toJson gives plain JSON data: BigInt as decimal text, bytes as base64, non-finite floats as words", () => {
    const output = codec.decodeOutput(
      codec.encodeInput({ ...base, huge: 2n ** 64n - 1n, data: new Uint8Array([0, 255]), ratio: Number.NaN }, limit),
      limit,
    );
    expect(codec.toJson(output)).toEqual({
      big: 1,
      huge: "18446744073709551615",
      data: "AP8=",
      ratio: "NaN",
      tags: [],
      note: null,
    });
  });

  test("JSON text from toJson reads back through fromJson as the same value, for generated types and values", () => {
    fc.assert(
      fc.property(typedValues, ({ type, value }) => {
        const values = compileValueCodec(type);
        const text = JSON.stringify(values.toJson(values.decodeOutput(values.encodeInput(value, limit), limit)));
        // JSON has no -0: it prints as 0.
        expect(canonical(type, values.fromJson(JSON.parse(text)), { zero: true })).toEqual(
          canonical(type, value, { zero: true }),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
