import { expect, test } from "vitest";
import { blankLiterals, stepReferences } from "../../../runtime/flows/graph/index.js";

test.each([
  ["steps.count.output.words", [{ step: "count", member: "output" }]],
  [
    "steps.a.output + steps.b.error.message",
    [
      { step: "a", member: "output" },
      { step: "b", member: "error" },
    ],
  ],
  ["steps . spaced . output", [{ step: "spaced", member: "output" }]],
  ["size(steps.items)", [{ step: "items", member: undefined }]],
  ["steps.Upper.output", [{ step: "Upper", member: "output" }]],
  ["input.steps.x", []],
  ["mysteps.x.output", []],
  ["'steps.a.output'", []],
  ['"it\\"s steps.a"', []],
  ["'''multi\nsteps.a'''", []],
  ["r'\\'steps.a.output", [{ step: "a", member: "output" }]],
  ["input.text // steps.a.output", []],
  ["x // c\nsteps.b.output", [{ step: "b", member: "output" }]],
  ["steps['a'].output", []],
])("%j reads %j", (expression, expected) => {
  expect(stepReferences(expression)).toEqual(expected);
});

test("blanking keeps every offset", () => {
  const text = "a + 'b' + \"c\" // d";
  const blanked = blankLiterals(text);
  expect(blanked).toHaveLength(text.length);
  expect(blanked).toBe(`a +${" ".repeat(5)}+${" ".repeat(9)}`);
});
