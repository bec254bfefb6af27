import { expect, test } from "vitest";
import { coerceTo, ExpressionError } from "../../../runtime/flows/expressions/index.js";
import { checkValue, parseValueType } from "../../../runtime/values/index.js";

// A value an expression gives is converted to a declared type of WIT's kinds and then checked whole
// by the rules a task's input is checked with (checkValue): the same codes, the same paths.

test.each([
  ["é", "char", "é"],
  ["😀", "char", "😀"],
  [[1n, "x"], "tuple<s32, string>", [1, "x"]],
  [[2n ** 60n], "tuple<s64>", [2n ** 60n]],
  [[[1n], { a: 2n, extra: true }], "tuple<list<u32>, record{a: s32}>", [[1], { a: 2 }]],
  ["red", "enum{red, light-blue}", "red"],
  [{ read: true }, "flags{read, write}", { read: true, write: false }],
  [{}, "flags{read}", { read: false }],
  [{ tag: "circle", val: 2n }, "variant{circle(f64), none}", { tag: "circle", val: 2 }],
  [{ tag: "none" }, "variant{circle(f64), none}", { tag: "none" }],
  [{ tag: "none", val: undefined }, "variant{circle(f64), none}", { tag: "none" }],
  [{ tag: "some" }, "variant{some(option<s32>), none}", { tag: "some", val: null }],
  [{ tag: "some", val: 3n }, "variant{some(option<s32>), none}", { tag: "some", val: 3 }],
  [{ tag: "sq", val: { side: 1n, more: 1 } }, "variant{sq(record{side: u32})}", { tag: "sq", val: { side: 1 } }],
  [{ tag: "ok", val: 2n ** 40n }, "result<s64, string>", { tag: "ok", val: 2 ** 40 }],
  [{ tag: "err" }, "result<s64>", { tag: "err" }],
  [null, "option<enum{a}>", null],
  [[{ tag: "a" }, "b"], "list<variant{a, b}>", null],
])("%s coerces to %s", (value, type, expected) => {
  if (expected === null && value !== null) {
    expect(() => coerceTo(value, parseValueType(type))).toThrow(ExpressionError);
    return;
  }
  const coerced = coerceTo(value, parseValueType(type));
  expect(coerced).toEqual(expected);
  expect(checkValue(parseValueType(type), coerced)).toEqual([]);
});

test.each([
  ["ab", "char", "value", "OUT_OF_RANGE"],
  ["", "char", "value", "OUT_OF_RANGE"],
  ["\uDC00", "char", "value", "INVALID_STRING"],
  [1, "char", "value", "WRONG_TYPE"],
  [[1], "tuple<s32, s32>", "value", "OUT_OF_RANGE"],
  [[1, 2, 3], "tuple<s32, s32>", "value", "OUT_OF_RANGE"],
  [[1, 2n ** 40n], "tuple<s32, s32>", "value[1]", "OUT_OF_RANGE"],
  [[1, "x"], "tuple<s32, s32>", "value[1]", "WRONG_TYPE"],
  ["blue", "enum{red, light-blue}", "value", "UNKNOWN_CASE"],
  [1, "enum{red}", "value", "WRONG_TYPE"],
  [{ read: true, exec: true }, "flags{read, write}", "value.exec", "UNKNOWN_FIELD"],
  [{ read: 1 }, "flags{read, write}", "value.read", "WRONG_TYPE"],
  [["read"], "flags{read}", "value", "WRONG_TYPE"],
  [{ tag: "oval" }, "variant{circle(f64), none}", "value.tag", "UNKNOWN_CASE"],
  [{ val: 1 }, "variant{circle(f64), none}", "value.tag", "MISSING_FIELD"],
  [{ tag: "circle" }, "variant{circle(f64), none}", "value.val", "MISSING_FIELD"],
  [{ tag: "circle", val: "x" }, "variant{circle(f64), none}", "value.val", "WRONG_TYPE"],
  [{ tag: "none", val: 1 }, "variant{circle(f64), none}", "value.val", "UNKNOWN_FIELD"],
  [{ tag: "none", val: null }, "variant{circle(f64), none}", "value.val", "UNKNOWN_FIELD"],
  [{ tag: "none", extra: 1 }, "variant{circle(f64), none}", "value.extra", "UNKNOWN_FIELD"],
  [{ tag: "ok", val: -1 }, "result<u32, string>", "value.val", "OUT_OF_RANGE"],
  [{ tag: "fine" }, "result", "value.tag", "UNKNOWN_CASE"],
  [{ s: { tag: "ok", val: 1.5 } }, "record{s: result<s32>}", "value.s.val", "NOT_INTEGER"],
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
  expect(error.issues[0]).toMatchObject({ code, path });
  expect(error.message).toContain(`expression "the.expression": ${path}: `);
});

test("a refusal's path starts where the mapped field is", () => {
  let caught: unknown;
  try {
    coerceTo({ tag: "oval" }, parseValueType("variant{circle(f64)}"), { path: "steps[1].input.shape" });
  } catch (error) {
    caught = error;
  }
  expect((caught as ExpressionError).issues[0]).toMatchObject({
    code: "UNKNOWN_CASE",
    path: "steps[1].input.shape.tag",
  });
});
