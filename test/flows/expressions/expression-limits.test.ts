import { expect, test } from "vitest";
import {
  compileExpression,
  ExpressionError,
  evaluate,
  expressionLimits,
} from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

const scope = { input: parseValueType({ n: "s64", text: "string", items: "list<s64>" }), steps: {} };

function refusal(text: string): ExpressionError {
  try {
    compileExpression(text, scope);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error("compiled");
}

const chain = (term: string, op: string, count: number) => Array.from({ length: count }, () => term).join(op);
const nestedMaps = (levels: number) =>
  `${Array.from({ length: levels }, (_, i) => `input.items.map(v${i}, `).join("")}1${")".repeat(levels)}`;

test.each([
  ["a 5000-character expression", "1 + ".repeat(1250), "too_long"],
  ["10 000 nested parentheses", `${"(".repeat(10_000)}1${")".repeat(10_000)}`, "too_long"],
  ["2000 nested parentheses", `${"(".repeat(2000)}1${")".repeat(2000)}`, "too_deep"],
  ["2000 nested list literals", `${"[".repeat(2000)}1${"]".repeat(2000)}`, "too_deep"],
  ["33 nested parentheses", `${"(".repeat(33)}1${")".repeat(33)}`, "too_deep"],
  ["4000 unary minus signs", `${"-".repeat(4000)}1`, "too_deep"],
  ["17 negations", `${"!".repeat(17)}true`, "too_deep"],
  ["a chain of 1500 additions", chain("1", "+", 1500), "too_deep"],
  ["a chain of 500 conjunctions", chain("true", " && ", 500), "too_deep"],
  ["a 300-deep ternary", `${"true ? 1 : ".repeat(300)}2`, "limit_exceeded"],
  ["a 100-long member chain", `input${".n".repeat(100)}`, "limit_exceeded"],
  ["a list literal of 1001 elements", `[${chain("1", ",", 1001)}]`, "limit_exceeded"],
  ["three nested comprehensions", nestedMaps(3), "too_complex"],
  ["three nested binds", "cel.bind(a, input.text, cel.bind(b, a + a, cel.bind(c, b + b, c + c)))", "too_complex"],
  ["nine comprehensions", chain("input.items.exists(x, x > 0)", " || ", 9), "too_complex"],
])("%s is refused before it can exhaust the stack", (_, text, reason) => {
  const error = refusal(text);
  expect(error.code).toBe("EXPRESSION_SYNTAX");
  expect(error.details.reason).toBe(reason);
  expect(error.message.length).toBeLessThan(400);
});

test("the caps leave room for ordinary expressions", () => {
  expect(expressionLimits.maxLength).toBe(4096);
  const ok = [
    `${"(".repeat(30)}1${")".repeat(30)}`,
    `!!(${"-".repeat(10)}1 == 1) || true`,
    chain("input.n", " + ", 100),
    nestedMaps(2),
    chain("input.items.exists(x, x > 0)", " || ", 8),
    "// a comment with ((((((((((((((((((((((((((((((((((( inside\ninput.n > 0",
    `'${"(".repeat(100)}' + "${"[".repeat(100)}" + r'\\d(' + '''${"{".repeat(100)}'''`,
  ];
  for (const text of ok) expect(() => compileExpression(text, scope)).not.toThrow();
});

test("the deepest accepted expressions evaluate without exhausting the stack", () => {
  const deepest = chain("input.n", " + ", expressionLimits.maxTreeDepth - 1);
  expect(evaluate(compileExpression(deepest, scope), { input: { n: 1, text: "", items: [] } })).toBe(
    expressionLimits.maxTreeDepth - 1,
  );
});

test("a comprehension nested to the cap over a 1000-element list evaluates", () => {
  const items = Array.from({ length: 1000 }, (_, i) => i);
  const compiled = compileExpression("input.items.all(x, input.items.all(y, x + y >= 0))", scope);
  expect(evaluate(compiled, { input: { n: 0, text: "", items } })).toBe(true);
});

test("CEL has no string repetition", () => {
  expect(refusal("input.text * 1000000").code).toBe("EXPRESSION_TYPE");
});
