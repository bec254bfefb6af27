import { expect, test } from "vitest";
import { compileExpression, formatExpressionType } from "../../../runtime/flows/expressions/index.js";
import { allTypesScope, triageScope } from "./fixtures.js";

test.each([
  ["steps.score.output.score >= 0.75", "bool"],
  ["steps.count.output.words", "s32"],
  ["steps.count.output.words + 1", "s64"],
  ["1u + 2u", "u64"],
  ["steps.score.output.score * 2.0", "f64"],
  ["input.text + '!'", "string"],
  ["b'abc'", "bytes"],
  ["[steps.score.output.label]", "list<string>"],
  ["steps.count.output", "record{words: s32, vowels: s32}"],
  ["steps.report.error", "record{code: string, message: string}"],
  ["{'a': 1, 'b': 2}", "map<string, s64>"],
  ["null", "null"],
  ["[]", "list<dyn>"],
  ["dyn(steps.count.output.words)", "dyn"],
  ["{'a': dyn(1), 'b': dyn('x')}", "map<string, dyn>"],
  ["type(1)", "type"],
])("%s has type %s", (text, type) => {
  expect(formatExpressionType(compileExpression(text, triageScope).type)).toBe(type);
});

test.each([
  ["input.flag", "bool"],
  ["input.small", "s32"],
  ["input.unsigned", "u32"],
  ["input.big", "s64"],
  ["input.huge", "u64"],
  ["input.single", "f32"],
  ["input.double", "f64"],
  ["input.blob", "bytes"],
  ["input.tags", "list<string>"],
  ["input.maybe", "option<s32>"],
  ["input.maybe.orValue(0)", "s64"],
  ["input.unsigned + 1", "s64"],
  ["input.huge + 1u", "u64"],
  ["input.single + 1.0", "f64"],
  ["input.nested.inner[0].id", "u64"],
  ["input.nested.inner", "list<record{id: u64}>"],
])("a declared field read as %s has type %s", (text, type) => {
  expect(formatExpressionType(compileExpression(text, allTypesScope).type)).toBe(type);
});

test("reads lists the input and the steps an expression uses", () => {
  const compiled = compileExpression(
    "input.text + steps.score.output.label + string(steps.count.output.words)",
    triageScope,
  );
  expect(compiled.reads).toEqual({ input: true, steps: ["count", "score"] });
});
