import { expect, test } from "vitest";
import { compileCondition, compileExpression, ExpressionError } from "../../../runtime/flows/expressions/index.js";
import { triageScope } from "./fixtures.js";

function typeError(compile: () => unknown): ExpressionError {
  try {
    compile();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error("compiled");
}

test.each([
  ["steps.count.output.wrods", 19, 'steps.count.output has no field "wrods" (it has: words, vowels)'],
  ["input.txt", 6, 'input has no field "txt" (it has: text)'],
  ["steps.later.output.x", 6, 'step "later" cannot be read here'],
  ["steps.report.output", 13, 'steps.report has no field "output" (it has: error)'],
  ["steps.count.error.code", 12, "a step's error is readable only in its onError handlers"],
  ["steps.count.output.words + 'x'", 0, "no such overload: int + string"],
  ["input.text * 2", 0, "no such overload: string * int"],
  ["steps.score.output.score > 'high'", 0, "no such overload: double > string"],
  ["!input.text", 0, "no such overload: !string"],
  ["process", 0, "Unknown variable: process"],
  ["foo(1)", 0, "foo"],
  ["input.text.matches('(a+)+$')", 0, 'uses "matches", which is not supported'],
  ["b'{}'.json()", 0, 'uses "json", which is not supported'],
  // Timestamps and durations are refused whole rather than half-supported (milliseconds only,
  // no range check in the library).
  [
    "timestamp('2024-01-01T00:00:00Z') < timestamp('2025-01-01T00:00:00Z')",
    36,
    'uses "timestamp", which is not supported (flows carry no timestamps',
  ],
  ["duration('1s') > duration('0s')", 17, 'uses "duration", which is not supported (flows carry no durations'],
])("%s is an EXPRESSION_TYPE error at %i: %s", (text, position, message) => {
  const error = typeError(() => compileExpression(text, triageScope));
  expect(error.code).toBe("EXPRESSION_TYPE");
  expect(error.category).toBe("invalid");
  expect(error.position).toBe(position);
  expect(error.message).toContain(message);
});

test("a condition must be a bool", () => {
  const error = typeError(() => compileCondition("steps.score.output.label", triageScope));
  expect(error.code).toBe("EXPRESSION_TYPE");
  expect(error.message).toContain("a condition must be a bool, got string");
  expect(compileCondition("dyn(steps.score.output.label)", triageScope).type).toEqual({ kind: "dyn" });
});
