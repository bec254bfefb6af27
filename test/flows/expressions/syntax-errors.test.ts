import { expect, test } from "vitest";
import { compileExpression, ExpressionError } from "../../../runtime/flows/expressions/index.js";
import { triageScope } from "./fixtures.js";

function compileError(text: string): ExpressionError {
  try {
    compileExpression(text, triageScope);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`"${text}" compiled`);
}

test.each([
  ["a +* b", 3],
  ["steps.score.output.score >=", 27],
  ["(input.text", 11],
  ["input.text)", 10],
  ["'unterminated", 0],
  ["1 2", 2],
  ["steps.", 6],
  ["", 0],
])("%j is an EXPRESSION_SYNTAX error at position %i", (text, position) => {
  const error = compileError(text);
  expect(error.code).toBe("EXPRESSION_SYNTAX");
  expect(error.category).toBe("invalid");
  expect(error.position).toBe(position);
  expect(error.expression).toBe(text);
  expect(error.message).toContain(`cannot parse "${text}" at position ${position}`);
});
