import { expect, test } from "vitest";
import { compileExpression, ExpressionError } from "../../../runtime/flows/expressions/index.js";
import { triageScope } from "./fixtures.js";

function messageOf(text: string): string {
  try {
    compileExpression(text, triageScope);
  } catch (error) {
    if (error instanceof ExpressionError) return error.message;
    throw error;
  }
  throw new Error(`"${text}" compiled`);
}

// Regressions: each was refused with the parser's bare message ("Unexpected character: =",
// "Unknown variable: high"), which names neither the mistake nor what to write instead.
test.each([
  [
    "steps.score.output.label = 'high'",
    `cannot parse "steps.score.output.label = 'high'" at position 25: Unexpected character: =; did you mean "=="? A single = is not an operator in CEL`,
  ],
  [
    "steps.score.output.label == high",
    `type error in "steps.score.output.label == high" at position 28: Unknown variable: high; did you mean the string 'high'? Text inside an expression is quoted`,
  ],
  [
    "steps.score.output.label == high-priority",
    `type error in "steps.score.output.label == high-priority" at position 28: Unknown variable: high; did you mean the string 'high-priority'? Text inside an expression is quoted`,
  ],
  [
    "great text",
    `cannot parse "great text" at position 6: Unexpected character: 't'; to give the text itself, quote it: 'great text'`,
  ],
  [
    "steps.count.output.words === 3",
    `cannot parse "steps.count.output.words === 3" at position 27: Unexpected character: =; CEL compares with == and !=`,
  ],
  [
    "steps.count.output.words => 3",
    `cannot parse "steps.count.output.words => 3" at position 25: Unexpected character: =; did you mean ">="?`,
  ],
  [
    "steps.count.output.words <> 3",
    `cannot parse "steps.count.output.words <> 3" at position 26: Unexpected token: GT; did you mean "!="?`,
  ],
  [
    "input.text == 'a' and steps.count.output.words > 1",
    `cannot parse "input.text == 'a' and steps.count.output.words > 1" at position 18: Unexpected character: 'd'; did you mean "&&"? CEL writes and as &&`,
  ],
  [
    "not input.text == 'a'",
    `cannot parse "not input.text == 'a'" at position 4: Unexpected character: 't'; did you mean "!"? CEL writes not as !`,
  ],
  [
    "input.text == 'a' & true",
    `cannot parse "input.text == 'a' & true" at position 18: Unexpected character: &; did you mean "&&"?`,
  ],
  ["inpt.text", `type error in "inpt.text" at position 0: Unknown variable: inpt; did you mean "input"?`],
  ["True", `type error in "True" at position 0: Unknown variable: True; did you mean "true"?`],
  [
    "input.text != nil",
    `type error in "input.text != nil" at position 14: Unknown variable: nil; did you mean "null"?`,
  ],
  [
    "count.output.words > 1",
    `type error in "count.output.words > 1" at position 0: Unknown variable: count; did you mean "steps.count"? Steps are read as steps.<id>`,
  ],
])("%s", (text, message) => {
  expect(messageOf(text)).toBe(message);
});

// Regression: a word before the error was looked up among the word operators as an object key,
// so `constructor` found Object's constructor and offered it as the operator meant.
test("a word that is an object's own property name is no operator", () => {
  expect(messageOf("constructor x")).toBe(
    `cannot parse "constructor x" at position 12: Unexpected character: 'x'; to give the text itself, quote it: 'constructor x'`,
  );
});

test("what the library says is kept as it was when no hint applies", () => {
  expect(messageOf("input.text == 'open")).toBe(
    `cannot parse "input.text == 'open" at position 14: Unterminated string`,
  );
  expect(messageOf("(input.text")).toMatch(/^cannot parse "\(input\.text" at position 11: [^;]+$/);
});
