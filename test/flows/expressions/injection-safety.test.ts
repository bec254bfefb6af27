import { expect, test } from "vitest";
import { compileExpression, ExpressionError, evaluate } from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

const scope = {
  input: parseValueType({ text: "string", tags: "list<string>" }),
  steps: { prev: { output: parseValueType({ n: "s32" }) } },
};
const activation = { input: { text: "x", tags: ["a"] }, steps: { prev: { output: { n: 1 } } } };

/** Compiles and evaluates; returns the typed error code, or "value" when it evaluated to a harmless value. */
function outcome(text: string): string {
  try {
    const value = evaluate(compileExpression(text, scope), activation);
    expect(typeof value === "function").toBe(false);
    return "value";
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return (error as ExpressionError).code;
  }
}

test.each([
  ["constructor.constructor('return process')()", "EXPRESSION_SYNTAX"],
  ["input.constructor.constructor('return process')()", "EXPRESSION_SYNTAX"],
  ["input.constructor", "EXPRESSION_TYPE"],
  ["input.text.constructor", "EXPRESSION_TYPE"],
  ["''.constructor", "EXPRESSION_TYPE"],
  ["[].constructor", "EXPRESSION_TYPE"],
  ["input.__proto__", "EXPRESSION_TYPE"],
  ["input.__proto__.polluted", "EXPRESSION_TYPE"],
  ["input['__proto__']", "EXPRESSION_TYPE"],
  ["input.toString", "EXPRESSION_TYPE"],
  ["input.hasOwnProperty('text')", "EXPRESSION_TYPE"],
  ["steps.constructor", "EXPRESSION_TYPE"],
  ["steps.prev.output.__proto__", "EXPRESSION_TYPE"],
  ["this", "EXPRESSION_TYPE"],
  ["process", "EXPRESSION_TYPE"],
  ["process.exit(1)", "EXPRESSION_TYPE"],
  ["globalThis", "EXPRESSION_TYPE"],
  ["globalThis.process.env", "EXPRESSION_TYPE"],
  ["require('fs')", "EXPRESSION_TYPE"],
  ["import('fs')", "EXPRESSION_SYNTAX"],
  ["eval('1')", "EXPRESSION_TYPE"],
  ["Function('return 1')()", "EXPRESSION_SYNTAX"],
  ["{'__proto__': {'polluted': true}}.polluted", "CONDITION_ERROR"],
  ["{'a': 1}.constructor", "CONDITION_ERROR"],
  ["dyn(input).__proto__", "CONDITION_ERROR"],
  ["dyn(input).constructor", "CONDITION_ERROR"],
  ["dyn(input.tags).length", "CONDITION_ERROR"],
  ["`$" + "{process}`", "EXPRESSION_SYNTAX"],
  ["input.text; process", "EXPRESSION_SYNTAX"],
  ["input.text = 'x'", "EXPRESSION_SYNTAX"],
  ["x => x", "EXPRESSION_SYNTAX"],
])("%s leads nowhere (%s)", (text, code) => {
  expect(outcome(text)).toBe(code);
  expect(Object.prototype).not.toHaveProperty("polluted");
});

test("a map literal with a __proto__ key does not change any prototype", () => {
  const text = "{'__proto__': {'polluted': true}, 'ok': {'polluted': false}}";
  const value = evaluate(compileExpression(text, scope), activation);
  expect(Object.prototype).not.toHaveProperty("polluted");
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(value).not.toHaveProperty("polluted");
});
