import { expect, test } from "vitest";
import { checkAssignable, compileExpression } from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";
import { witScope } from "./wit-kinds-fixtures.js";

/** A scope whose input field `v` has the declared type `source`. */
const from = (source: string) => ({ input: parseValueType(`record{v: ${source}}`), steps: {} });

test.each([
  // The same type, and what it can grow into: cases, flags and option payloads by name, in any order.
  ["char", "char"],
  ["char", "string"],
  ["string", "char"],
  ["enum{a, b}", "enum{a, b}"],
  ["enum{a, b}", "enum{b, c, a}"],
  ["enum{a, b}", "string"],
  ["string", "enum{a, b}"],
  ["tuple<s32, string>", "tuple<s64, string>"],
  ["tuple<s32, record{x: s32, y: s32}>", "tuple<f64, record{x: s32}>"],
  ["list<s32>", "tuple<s32, u32>"],
  ["flags{read}", "flags{read, write}"],
  ["flags{write, read}", "flags{read, write}"],
  ["variant{a(s32), b}", "variant{b, a(s64), c(string)}"],
  ["variant{a, b}", "variant{a(option<s32>), b}"],
  ["result<s32, string>", "result<s64, string>"],
  ["result<s32>", "result<s64>"],
  ["result", "result<option<s32>>"],
  ["result<s32, string>", "result<option<s32>, option<string>>"],
  ["result<s32, string>", "variant{ok(s32), err(string), later}"],
  ["variant{ok(s32)}", "result<s32>"],
  ["tuple<enum{a}, flags{x}>", "option<tuple<enum{a, b}, flags{x, y}>>"],
  ["list<variant{a(s32)}>", "list<variant{a(s32), b}>"],
])("a %s feeds a %s", (source, target) => {
  expect(checkAssignable(compileExpression("input.v", from(source)).type, parseValueType(target))).toBeUndefined();
});

test.each([
  ["enum{a, c}", "enum{a, b}", "value", "UNKNOWN_CASE", 'has the case "c", which the field does not declare'],
  ["flags{read, exec}", "flags{read, write}", "value", "UNKNOWN_FIELD", 'has the flag "exec"'],
  ["variant{a(s32), z}", "variant{a(s32), b}", "value", "UNKNOWN_CASE", 'has the case "z"'],
  ["variant{a(s32)}", "variant{a(string)}", "value.val", "WRONG_TYPE", "expected string, got s32"],
  [
    "variant{a(s32)}",
    "variant{a}",
    "value",
    "WRONG_TYPE",
    'its case "a" carries a value, which the field\'s case "a" does not',
  ],
  [
    "variant{a}",
    "variant{a(s32)}",
    "value",
    "WRONG_TYPE",
    'its case "a" carries no value, where the field\'s case "a" needs one',
  ],
  ["result<s32, string>", "result<s32>", "value", "WRONG_TYPE", 'its case "err" carries a value'],
  ["result<s32>", "result<s32, string>", "value", "WRONG_TYPE", 'its case "err" carries no value'],
  ["result<f64>", "result<s32>", "value.val", "WRONG_TYPE", "expected s32, got f64"],
  ["variant{yes, no}", "result", "value", "UNKNOWN_CASE", 'has the case "yes"'],
  ["tuple<s32, s32>", "tuple<s32>", "value", "OUT_OF_RANGE", "has 2 items where the field has 1"],
  ["tuple<s32, string>", "tuple<s32, s32>", "value[1]", "WRONG_TYPE", "expected s32, got string"],
  ["list<string>", "tuple<s32, string>", "value[0]", "WRONG_TYPE", "expected s32, got string"],
  ["tuple<s32>", "list<s32>", "value", "WRONG_TYPE", "has the wrong type"],
  ["enum{a}", "char", "value", "WRONG_TYPE", "has the wrong type"],
  ["string", "flags{a}", "value", "WRONG_TYPE", "has the wrong type"],
  ["enum{a, b}", "variant{a, b}", "value", "WRONG_TYPE", "has the wrong type"],
  ["record{tag: string}", "variant{a}", "value", "WRONG_TYPE", "has the wrong type"],
  ["flags{a}", "record{a: bool}", "value", "WRONG_TYPE", "has the wrong type"],
  ["char", "s32", "value", "WRONG_TYPE", "has the wrong type"],
])("a %s does not feed a %s: %s %s", (source, target, path, code, message) => {
  const issue = checkAssignable(compileExpression("input.v", from(source)).type, parseValueType(target));
  expect(issue).toMatchObject({ code, path });
  expect(issue?.message).toContain(message);
});

test.each([
  ["{'read': true}", "flags{read, write}"],
  ["{'tag': 'none'}", "variant{some(s32), none}"],
  ["{'tag': dyn('some'), 'val': dyn(1)}", "variant{some(s32), none}"],
  ["[1, 2]", "tuple<s32, u64>"],
  ["[dyn(1), dyn('x')]", "tuple<s32, string>"],
  ["input.pair[1]", "char"],
  ["input.shape.tag", "enum{circle, square, none, oval}"],
  ["input.shape.tag", "string"],
  ["input.boxed.val", "record{side: f32}"],
  ["input.outcome.tag == 'ok' ? input.outcome.val : 0", "s32"],
])("%s feeds a %s (its value is checked when it is there)", (text, target) => {
  expect(checkAssignable(compileExpression(text, witScope).type, parseValueType(target))).toBeUndefined();
});

test.each([
  ["{1: true}", "flags{read}", "value", "is a map whose keys are not strings"],
  ["{'read': 1}", "flags{read}", "value", "expected bool, got s64"],
  ["{1: 'a'}", "variant{a}", "value", "is a map whose keys are not strings"],
  ["[1.5]", "tuple<s32>", "value[0]", "expected s32, got f64"],
  ["input.shape.tag", "enum{circle, square}", "value", 'has the case "none"'],
  ["input.perms", "flags{read, write}", "value", 'has the flag "light-blue"'],
])("%s does not feed a %s: %s", (text, target, path, message) => {
  const issue = checkAssignable(compileExpression(text, witScope).type, parseValueType(target));
  expect(issue?.path).toBe(path);
  expect(issue?.message).toContain(message);
});
