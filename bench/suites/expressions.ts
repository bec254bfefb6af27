import * as exact from "@marcbachmann/cel-js";
import * as upstream from "cel-js-upstream";
import { compileExpression, evaluate } from "../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../runtime/values/index.js";
import { newBench, rowOf, type SuiteContext, type SuiteResult } from "../suite.js";

/**
 * The expressions of one flow step as the examples and the flow suite write them: a branch
 * condition and the mapped fields of the next step's input.
 */
const stepExpressions = [
  "steps.score.output.score >= 0.5",
  "steps.count.output.words",
  "steps.count.output.vowels",
  "steps.score.output.label",
  "input.text",
];

/** Expressions on the paths the exact semantics changed: integer checks, code points, mixed kinds, maps. */
const changedExpressions = [
  "-input.n < 0 && input.n / 2 > 1 && input.n % 7 != 3",
  "input.text.indexOf('sit') > 0 && input.text.substring(2, 8) != ''",
  "input.text < 'm' || input.text.lowerAscii() == input.text",
  "dyn(input.u) in [1, 2, 3] || input.n > 2.5",
  "{'a': input.n, 'b': 2}.a > 0 && input.items.all(e, e > 0)",
];

const inputType = { text: "string", n: "s64", u: "u64", items: "list<s64>" } as const;
const stepsFields = {
  count: { output: { words: "int", vowels: "int" } },
  score: { output: { score: "double", label: "string" } },
};
const text = "lorem ipsum dolor sit amet ".repeat(4);

type Library = typeof exact;

/**
 * The two libraries set up alike (records registered as classes, as the runtime does), so that
 * the rows differ only in the library's own evaluation: the published release and the one with
 * wasmflow's fixes.
 */
function setUp(library: Library, expressions: readonly string[]): () => void {
  const env = new library.Environment({ homogeneousAggregateLiterals: true, enableOptionalTypes: true });
  const record = (name: string, fields: Record<string, string>) => {
    const ctor = class {};
    env.registerType(name, { ctor, fields });
    return ctor as new () => Record<string, unknown>;
  };
  const Input = record("Input", { text: "string", n: "int", u: "uint", items: "list<int>" });
  const Count = record("CountOutput", stepsFields.count.output);
  const Score = record("ScoreOutput", stepsFields.score.output);
  const CountStep = record("CountStep", { output: "CountOutput" });
  const ScoreStep = record("ScoreStep", { output: "ScoreOutput" });
  const Steps = record("Steps", { count: "CountStep", score: "ScoreStep" });
  env.registerVariable("input", "Input");
  env.registerVariable("steps", "Steps");
  const make = <T extends Record<string, unknown>>(ctor: new () => T, values: Record<string, unknown>) =>
    Object.assign(new ctor(), values);
  const uint = new (library === exact ? exactUnsigned : upstreamUnsigned)(3n);
  const context = {
    input: make(Input, { text, n: 12n, u: uint, items: [1n, 2n, 3n] }),
    steps: make(Steps, {
      count: make(CountStep, { output: make(Count, { words: 20n, vowels: 37n }) }),
      score: make(ScoreStep, { output: make(Score, { score: 0.8, label: "good" }) }),
    }),
  };
  const runs = expressions.map((expression) => {
    const parsed = env.parse(expression);
    const checked = parsed.check();
    if (!checked.valid) throw new Error(`${expression}: ${checked.error?.message}`);
    return parsed;
  });
  return () => {
    for (const run of runs) run(context);
  };
}

// Each library's own unsigned class: a uint of one is not a uint to the other.
const { UnsignedInt: exactUnsigned } = await import("@marcbachmann/cel-js/evaluator");
const { UnsignedInt: upstreamUnsigned } = await import("cel-js-upstream/evaluator");

/**
 * What the exact semantics cost. Rows u and x evaluate the same expressions with the published
 * expression library and with the fixed one wasmflow ships; row p runs the step's expressions
 * through the runtime's whole path (values converted in and out), to show what share of a step
 * the library's evaluation is.
 */
export async function expressionCost(context: SuiteContext): Promise<SuiteResult> {
  const bench = newBench(context, { time: 1500, warmupTime: 300 });
  bench.add("u: step expressions, published library", setUp(upstream as unknown as Library, stepExpressions));
  bench.add("x: step expressions, library with wasmflow's fixes", setUp(exact, stepExpressions));
  bench.add("u2: changed paths, published library", setUp(upstream as unknown as Library, changedExpressions));
  bench.add("x2: changed paths, library with wasmflow's fixes", setUp(exact, changedExpressions));
  bench.add("p: step expressions through the runtime's evaluate()", runtimePath());
  await bench.run();
  const rows = bench.tasks.map((task) => rowOf(task, stepExpressions.length));
  const perEvaluation = (prefix: string) =>
    1 / (rows.find((r) => r.name.startsWith(prefix))?.opsPerSecond ?? Number.NaN);
  return {
    suite: "expressions",
    note: `ops/s are evaluations per second; ${stepExpressions.length} expressions per iteration (p50/p99 per iteration)`,
    rows,
    ratios: {
      "x/u (time per evaluation, fixed vs published library)": perEvaluation("x:") / perEvaluation("u:"),
      "x2/u2 (time per evaluation on the changed paths)": perEvaluation("x2:") / perEvaluation("u2:"),
      "x/p (the library's share of a step's evaluation)": perEvaluation("x:") / perEvaluation("p:"),
    },
  };
}

function runtimePath(): () => void {
  const scope = {
    input: parseValueType(inputType),
    steps: {
      count: { output: parseValueType({ words: "s64", vowels: "s64" }) },
      score: { output: parseValueType({ score: "f64", label: "string" }) },
    },
  };
  const compiled = stepExpressions.map((expression) => compileExpression(expression, scope));
  const activation = {
    input: { text, n: 12, u: 3, items: [1, 2, 3] },
    steps: { count: { output: { words: 20, vowels: 37 } }, score: { output: { score: 0.8, label: "good" } } },
  };
  return () => {
    for (const expression of compiled) evaluate(expression, activation);
  };
}
