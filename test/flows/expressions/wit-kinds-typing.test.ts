import { expect, test } from "vitest";
import {
  compileCondition,
  compileExpression,
  ExpressionError,
  formatExpressionType,
} from "../../../runtime/flows/expressions/index.js";
import { witScope } from "./wit-kinds-fixtures.js";

// How WIT's kinds are typed inside CEL: char and enum are strings, a tuple a list, flags a message
// of bools, a variant or result a message {tag, val}. Reading a declared path keeps its declared type.

test.each([
  ["input.initial", "char"],
  ["input.initial + '!'", "string"],
  ["input.pair", "tuple<s32, string>"],
  ["input.pair[0]", "s32"],
  ["input.pair[1]", "string"],
  ["input.pair[0] + 1", "s64"],
  ["input.pair.size()", "s64"],
  ["input.wide[1] * 2", "s64"],
  ["input.wide.map(i, i * 2)", "list<s64>"],
  ["input.color", "enum{red, light-blue}"],
  ["input.color == 'red'", "bool"],
  ["input.color in ['red', 'light-blue']", "bool"],
  ["input.color + '!'", "string"],
  ["steps.paint.output.color == input.color", "bool"],
  ["steps.paint.output.mix", "list<enum{red, light-blue}>"],
  ["input.perms", "flags{read, write, light-blue}"],
  ["input.perms.read", "bool"],
  ["input.perms['light-blue']", "bool"],
  ["has(input.perms.write)", "bool"],
  ["input.shape", "variant{circle(f64), square(record{side: f64}), none}"],
  ["input.shape.tag", "enum{circle, square, none}"],
  ["input.shape.val", "dyn"],
  ["has(input.shape.val)", "bool"],
  ["input.shape.tag == 'circle' ? input.shape.val : 0.0", "dyn"],
  ["input.boxed.val", "record{side: f64}"],
  ["input.boxed.val.side", "f64"],
  ["input.maybe.val", "option<s32>"],
  ["input.maybe.val.orValue(0)", "s64"],
  ["input.outcome.tag", "enum{ok, err}"],
  ["input.outcome.tag == 'ok' ? input.outcome.val : 0", "dyn"],
  ["input.bare.tag == 'ok'", "bool"],
  ["[input.shape][0]", "variant{circle(f64), square(record{side: f64}), none}"],
  ["[input.perms][0]", "flags{read, write, light-blue}"],
  ["{'tag': 'none'}", "map<string, string>"],
])("%s is typed %s", (text, type) => {
  expect(formatExpressionType(compileExpression(text, witScope).type)).toBe(type);
});

function refusal(compile: () => unknown): ExpressionError {
  try {
    compile();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error("compiled");
}

test.each([
  [
    "input.color == 'bleu'",
    15,
    "unknown_case",
    "'bleu' is not a case of enum{red, light-blue}, so the comparison never holds",
  ],
  ["'rde' != input.color", 0, "unknown_case", 'never holds; did you mean "red"?'],
  [
    "input.color in ['red', 'lightblue']",
    23,
    "unknown_case",
    `'lightblue' is not a case of enum{red, light-blue}, so the comparison never holds; did you mean "light-blue"?`,
  ],
  ["steps.paint.output.color == 'green'", 28, "unknown_case", "'green' is not a case of enum{red, light-blue}"],
  [
    "input.shape.tag == 'sqare'",
    19,
    "unknown_case",
    `'sqare' is not a case of enum{circle, square, none}, so the comparison never holds; did you mean "square"?`,
  ],
  ["input.outcome.tag == 'error'", 21, "unknown_case", "'error' is not a case of enum{ok, err}"],
  ["input.initial == 'ab'", 17, "unknown_case", "'ab' is not a single character, so the comparison never holds"],
  [
    "input.perms.wirte",
    12,
    "no_such_field",
    'input.perms has no flag "wirte" (it has: read, write, light-blue); did you mean "write"?',
  ],
  ["input.perms.light-blue", 12, "no_such_field", 'input.perms has no flag "light"'],
  [
    "input.shape.value",
    12,
    "no_such_field",
    'input.shape has no field "value" (it has: tag, val); did you mean "val"?',
  ],
  [
    "input.shape.kind",
    12,
    "no_such_field",
    "a variant is read as .tag, the name of its case, and .val, the value the case carries",
  ],
  [
    "input.bare.val",
    11,
    "no_such_field",
    'input.bare has no field "val" (it has: tag); none of its cases carries a value',
  ],
  ["input.boxed.val.sides", 16, "no_such_field", 'input.boxed.val has no field "sides" (it has: side)'],
  [
    "input.pair[2]",
    11,
    "index_out_of_bounds",
    "input.pair is a tuple<s32, string>, which has 2 items: there is no item 2",
  ],
  ["input.pair[-1]", 11, "index_out_of_bounds", "there is no item -1"],
  ["input.perms + 1", 0, "no_such_overload", "flags input.perms + int"],
  ["input.shape == input.shape", 0, "no_such_overload", "variant input.shape == variant input.shape"],
  ["input.color * 2", 0, "no_such_overload", "string * int"],
])("%s is refused at %i (%s): %s", (text, position, reason, message) => {
  const error = refusal(() => compileExpression(text, witScope));
  expect(error.code).toBe("EXPRESSION_TYPE");
  expect(error.position).toBe(position);
  expect(error.details.reason).toBe(reason);
  expect(error.message).toContain(message);
});

test("a comparison of an enum with a string that is not a literal is left to run time", () => {
  expect(compileCondition("input.color == input.pair[1]", witScope).type).toEqual({ kind: "bool" });
});

test("a condition on a flag or a tag is a bool", () => {
  expect(compileCondition("input.perms.read && input.shape.tag == 'none'", witScope).type).toEqual({ kind: "bool" });
});
