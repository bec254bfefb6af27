import { expect, test } from "vitest";
import {
  type Activation,
  compileExpression,
  ExpressionError,
  type ExpressionScope,
  evaluate,
} from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

// Bare paths (`steps.count.output.words`) are read without the library; anything else goes
// through it. `[path][0]` reads the same value through the library: the two must agree on every
// value and every failure, on good and on malformed activations alike.

const input = parseValueType({
  text: "string",
  n: "s64",
  u: "u64",
  nick: "option<string>",
  items: "list<s32>",
  rec: { a: "s32", o: "option<s32>" },
  bs: "bytes",
  f: "f32",
});
const scope: ExpressionScope = {
  input,
  steps: {
    count: { output: parseValueType({ words: "s32", vowels: "s32", tags: "list<string>" }) },
    single: { output: parseValueType("s32") },
    broken: { error: true },
  },
};

const activations: Activation[] = [
  {
    input: {
      text: "hi",
      n: 5,
      u: 7n,
      nick: null,
      items: [1, 2],
      rec: { a: 1, o: null },
      bs: new Uint8Array([1]),
      f: 1.5,
    },
    steps: {
      count: { output: { words: 2, vowels: 1, tags: ["x"] } },
      single: { output: 3 },
      broken: { error: { code: "X", message: "m" } },
    },
  },
  { input: { text: 1, n: 2 ** 60, u: -1, items: "x", rec: {} }, steps: { count: {}, single: { output: "3" } } },
  { steps: {} },
  {
    input: { rec: { a: "1", o: 3 }, nick: "n", items: [1, "2"] },
    steps: { count: { output: { words: 2 ** 31 } }, broken: {} },
  },
  { input: null, steps: { count: { output: null }, single: {} } },
  {
    input: JSON.parse('{"__proto__": 1, "text": "x", "rec": {"__proto__": {"a": 1}, "a": 2}}'),
    steps: JSON.parse('{"__proto__": {"output": 1}, "count": {"output": {"words": 1, "vowels": 2, "tags": []}}}'),
  },
];

const paths = [
  "input",
  "input.text",
  "input.n",
  "input.u",
  "input.nick",
  "input.items",
  "input.rec",
  "input.rec.a",
  "input.rec.o",
  "input.bs",
  "input.f",
  "steps.count.output",
  "steps.count.output.words",
  "steps.count.output.tags",
  "steps['count'].output.vowels",
  "steps.single.output",
  "steps.broken.error",
  "steps.broken.error.code",
];

type Outcome = { value: unknown } | { code: string; reason: unknown; message: string };

function outcome(text: string, activation: Activation): Outcome {
  try {
    return { value: evaluate(compileExpression(text, scope), activation) };
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    // The position differs between `a.b` and `[a.b][0]`; what failed and why must not.
    return { code: error.code, reason: error.details.reason, message: error.message.replace(/^.*?: /, "") };
  }
}

test.each(paths)("%s reads what the library reads, and fails as it fails", (path) => {
  for (const activation of activations) {
    expect(outcome(path, activation)).toEqual(outcome(`[${path}][0]`, activation));
  }
});

test("a bare path has the declared type of what it reads, and reads only what it names", () => {
  const words = compileExpression("steps.count.output.words", scope);
  expect(words.type).toEqual({ kind: "s32" });
  expect(words.reads).toEqual({ input: false, steps: ["count"] });
  expect(compileExpression("input.rec.o", scope).type).toEqual({ kind: "option", inner: { kind: "s32" } });
});

test("a missing key is reported where the text names it", () => {
  const error = (() => {
    try {
      evaluate(compileExpression("steps.count.output.words", scope), { steps: { count: {} } });
    } catch (caught) {
      return caught as ExpressionError;
    }
    throw new Error("it evaluated");
  })();
  expect(error.message).toBe('evaluation failed for "steps.count.output.words" at position 12: No such key: output');
  expect(error.details).toMatchObject({ reason: "no_such_key", position: 12, end: 18 });
});

test("paths the declarations do not allow are still refused by the type check", () => {
  expect(() => compileExpression("input.nope", scope)).toThrow(/nope/);
  expect(() => compileExpression("steps.missing.output", scope)).toThrow(/missing/);
  expect(() => compileExpression("steps.broken.output", scope)).toThrow(ExpressionError);
  expect(() => compileExpression("input.text.x", scope)).toThrow(ExpressionError);
});
