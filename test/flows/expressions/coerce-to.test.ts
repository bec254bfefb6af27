import { expect, test } from "vitest";
import { coerceTo, ExpressionError } from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

test.each([
  [3, "s32", 3],
  [-(2 ** 31), "s32", -(2 ** 31)],
  [2 ** 32 - 1, "u32", 2 ** 32 - 1],
  [2n ** 53n, "s64", 2n ** 53n],
  [2 ** 53 - 1, "s64", 2 ** 53 - 1],
  [2n ** 64n - 1n, "u64", 2n ** 64n - 1n],
  [7, "u64", 7],
  [5, "f64", 5],
  [2n ** 60n, "f64", 2 ** 60],
  [0.1, "f32", 0.1],
  [Number.POSITIVE_INFINITY, "f32", Number.POSITIVE_INFINITY],
  [null, "option<s32>", null],
  [4, "option<s32>", 4],
  [[1, 2], "list<u32>", [1, 2]],
  [{ a: 1, extra: "dropped" }, "record{a: s32, b: option<string>}", { a: 1, b: null }],
])("%s coerces to %s as %s", (value, type, expected) => {
  expect(coerceTo(value, parseValueType(type))).toEqual(expected);
});

test.each([
  [2 ** 31, "s32", "value", "OUT_OF_RANGE"],
  [-1, "u32", "value", "OUT_OF_RANGE"],
  [2n ** 63n, "s64", "value", "OUT_OF_RANGE"],
  [-1n, "u64", "value", "OUT_OF_RANGE"],
  [1.5, "s32", "value", "NOT_INTEGER"],
  ["3", "s32", "value", "WRONG_TYPE"],
  [1e300, "f32", "value", "OUT_OF_RANGE"],
  [1, "string", "value", "WRONG_TYPE"],
  ["x", "bytes", "value", "WRONG_TYPE"],
  [[1, "x"], "list<s32>", "value[1]", "WRONG_TYPE"],
  [{ b: 1 }, "record{a: s32}", "value.a", "MISSING_FIELD"],
  [{ a: { b: 2 ** 40 } }, "record{a: record{b: s32}}", "value.a.b", "OUT_OF_RANGE"],
])("%s does not coerce to %s: %s %s", (value, type, path, code) => {
  let caught: unknown;
  try {
    coerceTo(value, parseValueType(type), { expression: "the.expression" });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ExpressionError);
  const error = caught as ExpressionError;
  expect(error.code).toBe("CONDITION_ERROR");
  expect(error.category).toBe("failed");
  expect(error.issues[0]).toMatchObject({ code, path });
  expect(error.message).toContain('expression "the.expression"');
});
