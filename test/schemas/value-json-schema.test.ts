import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { valueJsonSchema } from "../../runtime/tasks/json-schema.js";
import { compileValueCodec, parseValueType } from "../../runtime/values/index.js";
import { typedValues } from "../helpers/value-generators.js";

// zod reads the JSON Schema back as an independent validator of what the schema says.
const validator = (type: string) => z.fromJSONSchema(valueJsonSchema(parseValueType(type)));
const accepts = (type: string, json: unknown) => validator(type).safeParse(json).success;

describe("the JSON Schema of a value type", () => {
  test("accepts the JSON of every generated value (toJson, as the CLI and the API print it)", () => {
    fc.assert(
      fc.property(typedValues, ({ type, value }) => {
        const codec = compileValueCodec(type);
        const json = JSON.parse(
          JSON.stringify(codec.toJson(codec.decodeOutput(codec.encodeInput(value, 1 << 24), 1 << 24))),
        );
        const result = z.fromJSONSchema(valueJsonSchema(type)).safeParse(json);
        expect(result.error).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  test.each<[string, string, unknown]>([
    ["a tuple", "tuple<s32, string>", [1, "a"]],
    ["a one-item tuple", "tuple<u64>", ["18446744073709551615"]],
    ["an enum case", "enum{red, light-blue}", "light-blue"],
    ["a variant case with a payload", "variant{circle(f64), none}", { tag: "circle", val: 1.5 }],
    ["a variant case without one", "variant{circle(f64), none}", { tag: "none" }],
    ["an option payload left out", "variant{maybe(option<u32>)}", { tag: "maybe" }],
    ["an option payload as null", "variant{maybe(option<u32>)}", { tag: "maybe", val: null }],
    ["an ok result", "result<string, u32>", { tag: "ok", val: "x" }],
    ["an err of result<_, E>", "result<_, string>", { tag: "err", val: "boom" }],
    ["an ok of a bare result", "result", { tag: "ok" }],
    ["flags, some left out", "flags{read, write}", { read: true }],
    ["a char", "char", "é"],
    ["an astral char", "char", "😀"],
  ])("accepts %s", (_, type, json) => {
    expect(accepts(type, json)).toBe(true);
  });

  test.each<[string, string, unknown]>([
    ["a tuple one item short", "tuple<s32, string>", [1]],
    ["a tuple one item long", "tuple<s32, string>", [1, "a", 2]],
    ["a tuple item of the wrong type", "tuple<s32, string>", ["a", 1]],
    ["an undeclared enum case", "enum{red, light-blue}", "blue"],
    ["an enum case index", "enum{red, light-blue}", 0],
    ["an undeclared tag", "variant{circle(f64), none}", { tag: "square", val: 1 }],
    ["a payload on a case without one", "variant{circle(f64), none}", { tag: "none", val: 1 }],
    ["a missing payload", "variant{circle(f64), none}", { tag: "circle" }],
    ["a missing tag", "variant{circle(f64), none}", { val: 1 }],
    ["an extra key on a variant", "variant{circle(f64), none}", { tag: "none", other: 1 }],
    ["a val on result<_, E>'s ok", "result<_, string>", { tag: "ok", val: "x" }],
    ["an unknown flag", "flags{read, write}", { read: true, exec: true }],
    ["a flag that is not a bool", "flags{read, write}", { read: 1 }],
    ["an empty string for a char", "char", ""],
    ["two characters for a char", "char", "ab"],
    ["two astral characters for a char", "char", "😀😀"],
    ["a lone surrogate for a char", "char", "\uD800"],
  ])("refuses %s", (_, type, json) => {
    expect(accepts(type, json)).toBe(false);
  });

  test("a tuple is prefixItems of exactly its length, a variant one object per case", () => {
    expect(valueJsonSchema(parseValueType("tuple<bool, string>"))).toEqual({
      type: "array",
      prefixItems: [{ type: "boolean" }, { type: "string" }],
      minItems: 2,
      maxItems: 2,
      items: false,
    });
    expect(valueJsonSchema(parseValueType("variant{a(bool), b}"))).toEqual({
      oneOf: [
        {
          type: "object",
          properties: { tag: { const: "a" }, val: { type: "boolean" } },
          required: ["tag", "val"],
          additionalProperties: false,
        },
        { type: "object", properties: { tag: { const: "b" } }, required: ["tag"], additionalProperties: false },
      ],
    });
  });
});
