import { expect, test } from "vitest";
import { compileExpression, ExpressionError, evaluateCondition } from "../../../runtime/flows/expressions/index.js";
import { triageActivation, triageScope } from "./fixtures.js";

test.each([
  ["steps.score.output.score >= 0.75", true],
  ["steps.score.output.score >= 0.9", false],
  ["steps.score.output.label == 'great' && steps.count.output.words > 2", true],
  ["has(steps.score.output)", true],
  ["steps.report.error.code == 'TRAP'", true],
])("%s is %s", (text, expected) => {
  expect(evaluateCondition(compileExpression(text, triageScope), triageActivation)).toBe(expected);
});

test("a condition on a field the output lacks is a CONDITION_ERROR, never false", () => {
  const compiled = compileExpression("steps.score.output.score >= 0.75", triageScope);
  const activation = { steps: { score: { output: { label: "great" } } } };
  expect(() => evaluateCondition(compiled, activation)).toThrow(ExpressionError);
  try {
    evaluateCondition(compiled, activation);
  } catch (error) {
    expect((error as ExpressionError).code).toBe("CONDITION_ERROR");
    expect((error as ExpressionError).message).toContain("No such key: score");
  }
});

test("a condition on a step that did not run is a CONDITION_ERROR; has() tests for it", () => {
  const activation = { steps: { count: triageActivation.steps.count } };
  const read = compileExpression("steps.score.output.score >= 0.75", triageScope);
  expect(() => evaluateCondition(read, activation)).toThrow(/No such key: score/);
  const guarded = compileExpression("has(steps.score) && steps.score.output.score >= 0.75", triageScope);
  expect(evaluateCondition(guarded, activation)).toBe(false);
});

test.each([
  ["dyn(steps.score.output.label)", "string"],
  ["dyn(null)", "null"],
  ["dyn(steps.count.output.words)", "number"],
])("a condition %s that gives a %s is a CONDITION_ERROR", (text, actual) => {
  const compiled = compileExpression(text, triageScope);
  expect(() => evaluateCondition(compiled, triageActivation)).toThrow(`it gave ${actual}`);
  try {
    evaluateCondition(compiled, triageActivation);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).code).toBe("CONDITION_ERROR");
  }
});
