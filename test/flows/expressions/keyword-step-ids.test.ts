import { expect, test } from "vitest";
import { compileExpression, evaluate } from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

const scope = {
  input: parseValueType({ in: "string" }),
  steps: { in: { output: parseValueType({ n: "s32" }) }, null: { output: parseValueType({ n: "s32" }) } },
};
const activation = { input: { in: "x" }, steps: { in: { output: { n: 1 } }, null: { output: { n: 2 } } } };

test.each(["steps.in.output.n", "steps.null.output.n", "input.in"])(
  "%s does not parse: in, null, true and false are keywords",
  (text) => {
    expect(() => compileExpression(text, scope)).toThrow(expect.objectContaining({ code: "EXPRESSION_SYNTAX" }));
  },
);

test.each([
  ["steps['in'].output.n", 1],
  ["steps['null'].output.n + 1", 3],
])("a keyword step id is read with an index: %s", (text, expected) => {
  const compiled = compileExpression(text, scope);
  expect(compiled.reads.steps.length).toBe(1);
  expect(evaluate(compiled, activation)).toBe(expected);
});
