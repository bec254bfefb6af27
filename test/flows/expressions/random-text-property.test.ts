import fc from "fast-check";
import { expect, test } from "vitest";
import { compileExpression, ExpressionError, evaluate } from "../../../runtime/flows/expressions/index.js";
import { triageActivation, triageScope } from "./fixtures.js";

const tokens = [
  "input",
  "steps",
  "count",
  "score",
  "report",
  "output",
  "error",
  "words",
  "text",
  "label",
  ".",
  ".?",
  "?",
  ":",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  "+",
  "-",
  "*",
  "/",
  "%",
  "!",
  "&&",
  "||",
  "==",
  "!=",
  "<",
  ">=",
  "in",
  "0",
  "1",
  "-1",
  "9223372036854775807",
  "1u",
  "0.5",
  "1e308",
  "'s'",
  '"x"',
  "'''",
  'b"y"',
  'r"\\d"',
  "true",
  "null",
  "map",
  "filter",
  "all",
  "exists",
  "exists_one",
  "has",
  "size",
  "x",
  "cel.bind",
  "dyn",
  "int",
  "uint",
  "double",
  "string",
  "bytes",
  "type",
  "__proto__",
  "constructor",
  "this",
  "process",
  "\\",
  "`",
  "//",
  "\n",
  " ",
];
const tokenText = fc.array(fc.constantFrom(...tokens), { maxLength: 40 }).map((parts) => parts.join(""));
const anyText = fc.oneof(tokenText, fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 60 }));

test("random text only ever compiles, or fails with our typed errors; what compiles only evaluates or fails typed", () => {
  let compiled = 0;
  fc.assert(
    fc.property(anyText, (text) => {
      let expression: ReturnType<typeof compileExpression>;
      try {
        expression = compileExpression(text, triageScope);
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionError);
        expect(["EXPRESSION_SYNTAX", "EXPRESSION_TYPE"]).toContain((error as ExpressionError).code);
        return;
      }
      compiled += 1;
      try {
        evaluate(expression, triageActivation);
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionError);
        expect((error as ExpressionError).code).toBe("CONDITION_ERROR");
      }
    }),
    { numRuns: 2000 },
  );
  expect(compiled).toBeGreaterThan(0);
});
