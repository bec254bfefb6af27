import { expect, test } from "vitest";
import { compileExpression, evaluate } from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

// Strings are sequences of code points: a search string that is half of a surrogate pair (a lone
// surrogate a JSON input may carry) never matches inside a pair of the searched string.
const scope = { input: parseValueType({ s: "string", t: "string" }), steps: {} };
const input = { s: "x\u{10FFFF}y\udbff", t: "\udbff" };

test.each([
  ["input.s.split(input.t)", ["x\u{10FFFF}y", ""]],
  ["input.s.indexOf(input.t)", 3],
  ["input.s.lastIndexOf(input.t)", 3],
  ["input.s.contains(input.t)", true],
  ["'\u{10FFFF}'.contains(input.t)", false],
  ["'\u{10FFFF}'.startsWith(input.t)", false],
  ["'\u{10FFFF}'.split(input.t)", ["\u{10FFFF}"]],
  ["input.s.endsWith(input.t)", true],
])("%s", (text, expected) => {
  expect(evaluate(compileExpression(text, scope), { input })).toEqual(expected);
});
