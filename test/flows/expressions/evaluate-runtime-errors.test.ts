import { expect, test } from "vitest";
import {
  type Activation,
  compileExpression,
  ExpressionError,
  evaluate,
} from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";
import { triageActivation, triageScope } from "./fixtures.js";

const optionalScope = {
  input: parseValueType({ nick: "option<string>", n: "s64", items: "list<s32>" }),
  steps: {},
};

function runtimeError(text: string, scope: typeof triageScope, activation: Activation): ExpressionError {
  const compiled = compileExpression(text, scope);
  try {
    evaluate(compiled, activation);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`"${text}" evaluated`);
}

test.each([
  ["steps.count.output.words / 0", triageActivation, "division_by_zero", "division by zero"],
  ["steps.count.output.words % 0", triageActivation, "modulo_by_zero", "modulo"],
  ["steps.count.output.words + 9223372036854775807", triageActivation, "numeric_overflow", "overflow"],
  ["steps.count.output.words > 1", { steps: {} }, "no_such_key", "No such key: count"],
  ["steps.count.output.words > 1", { steps: { count: {} } }, "no_such_key", "No such key: output"],
  [
    "steps.count.output.words > 1",
    { steps: { count: { output: { vowels: 1 } } } },
    "no_such_key",
    "No such key: words",
  ],
  [
    "steps.count.output.words > 1",
    { steps: { count: { output: { words: "3" } } } },
    "wrong_type",
    'steps.count.output.words: expected s32, got string "3"',
  ],
  ["steps.count.output.words > 1", { steps: { count: { output: { words: 2 ** 31 } } } }, "wrong_type", "expected s32"],
  ["input.text.size() > 0", {}, "wrong_type", "input: expected record, got nothing"],
])("%s on %j fails with %s", (text, activation, reason, message) => {
  const error = runtimeError(text, triageScope, activation);
  expect(error.code).toBe("CONDITION_ERROR");
  expect(error.category).toBe("failed");
  expect(error.details.reason).toBe(reason);
  expect(error.expression).toBe(text);
  expect(error.message).toContain(`evaluation failed for "${text}"`);
  expect(error.message).toContain(message);
});

test.each([
  ["input.nick.value()", { nick: null, n: 1, items: [] }, "Optional value is not present"],
  ["input.items[3]", { nick: null, n: 1, items: [1] }, "out of bounds"],
  ["int('x') + input.n", { nick: null, n: 1, items: [] }, "int"],
  ["{'a': dyn(1)}['b'] == 1", { nick: null, n: 1, items: [] }, "No such key: b"],
])("%s fails at run time", (text, input, message) => {
  const error = runtimeError(text, optionalScope, { input });
  expect(error.code).toBe("CONDITION_ERROR");
  expect(error.message).toContain(message);
});

test("a result outside the 64-bit range is an overflow even where the library does not check", () => {
  const scope = { input: parseValueType({ a: "s64" }), steps: {} };
  const error = runtimeError("-input.a", scope, { input: { a: -(2n ** 63n) } });
  expect(error.code).toBe("CONDITION_ERROR");
  expect(error.details.reason).toBe("numeric_overflow");
});
