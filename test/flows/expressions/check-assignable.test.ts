import { expect, test } from "vitest";
import { checkAssignable, compileExpression } from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";
import { triageScope } from "./fixtures.js";

test.each([
  ["steps.count.output.words", "s32"],
  ["steps.count.output.words + 1", "s32"],
  ["steps.count.output.words", "u64"],
  ["steps.count.output.words", "f64"],
  ["steps.score.output.score", "f32"],
  ["input.text", "string"],
  ["input.text", "option<string>"],
  ["null", "option<string>"],
  ["[steps.score.output.label]", "list<string>"],
  ["[]", "list<s32>"],
  ["steps.count.output", "record{words: s32}"],
  ["steps.count.output", "record{words: s64, vowels: u32, extra: option<string>}"],
  ["{'words': 1, 'vowels': 2}", "record{words: s32, vowels: s32}"],
  ["dyn(input.text)", "s32"],
  ["{'a': dyn(1), 'b': dyn('x')}", "record{a: s32, b: string}"],
])("%s can feed %s", (text, target) => {
  expect(checkAssignable(compileExpression(text, triageScope).type, parseValueType(target))).toBeUndefined();
});

test.each([
  ["input.text", "s32", "value", "WRONG_TYPE", "s32", "string"],
  ["steps.score.output.score", "s32", "value", "WRONG_TYPE", "s32", "f64"],
  ["steps.count.output.words > 1", "string", "value", "WRONG_TYPE", "string", "bool"],
  ["null", "string", "value", "MAYBE_ABSENT", "string", "null"],
  ["[input.text]", "list<s32>", "value[]", "WRONG_TYPE", "s32", "string"],
  [
    "steps.count.output",
    "record{words: s32, chars: s32}",
    "value.chars",
    "MISSING_FIELD",
    "s32",
    "record{words: s32, vowels: s32}",
  ],
  ["steps.count.output", "record{words: string}", "value.words", "WRONG_TYPE", "string", "s32"],
  ["steps.score.output", "record{score: s32}", "value.score", "WRONG_TYPE", "s32", "f64"],
  ["{'words': 'x'}", "record{words: s32}", "value.words", "WRONG_TYPE", "s32", "string"],
  ["{1: 2}", "record{words: s32}", "value", "WRONG_TYPE", "record{words: s32}", "map<s64, s64>"],
  ["type(1)", "string", "value", "WRONG_TYPE", "string", "type"],
])("%s cannot feed %s", (text, target, path, code, expected, actual) => {
  const issue = checkAssignable(compileExpression(text, triageScope).type, parseValueType(target));
  expect(issue).toMatchObject({ code, path, expected, actual });
  expect(issue?.message).toContain(`expected ${expected}, got ${actual}`);
});

test("an option result must be unwrapped before it feeds a plain field", () => {
  const scope = { input: parseValueType({ nick: "option<string>" }), steps: {} };
  const issue = checkAssignable(
    compileExpression("input.nick", scope).type,
    parseValueType("string"),
    "steps[0].input.name",
  );
  expect(issue).toMatchObject({ code: "MAYBE_ABSENT", path: "steps[0].input.name", actual: "option<string>" });
  expect(issue?.message).toContain(".orValue(default)");
  expect(
    checkAssignable(compileExpression("input.nick.orValue('anon')", scope).type, parseValueType("string")),
  ).toBeUndefined();
});
