import { expect, test } from "vitest";
import { parseFlowDefinition } from "../../../runtime/flows/definition/index.js";
import { compileExpression } from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

const depths = [2_000, 10_000, 100_000];

const nestedObject = (levels: number, leaf: string) => `${'{"a": '.repeat(levels)}${leaf}${"}".repeat(levels)}`;
const nestedList = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

/** A flow file's text with one part replaced by nested JSON. */
const flowWith = (part: { input?: string; literal?: string; initial?: string }) =>
  `{"name": "greet", "input": ${part.input ?? '{"name": "string"}'}, ${part.initial === undefined ? "" : `"initial": ${part.initial},`}
    "steps": [{"id": "a", "task": "slugify", "input": {"text": "input.name", "extra": ${part.literal ?? "1"}}}],
    "output": {"a": "steps.a.output"}}`;

const tooDeep = { code: "DEFINITION_INVALID", issues: [{ code: "TOO_DEEP" }] };

const fileInputs: [string, (levels: number) => string, Record<string, unknown>][] = [
  ["the flow's input type (object form)", (n) => flowWith({ input: nestedObject(n, '"u32"') }), tooDeep],
  [
    "the flow's input type (text form)",
    (n) => flowWith({ input: JSON.stringify(`${"list<".repeat(n)}u32${">".repeat(n)}`) }),
    { code: "DEFINITION_INVALID", issues: [{ code: "TOO_BIG", path: "input" }] },
  ],
  ["a literal in a step's input", (n) => flowWith({ literal: nestedList(n) }), tooDeep],
  ["initial", (n) => flowWith({ initial: nestedObject(n, "1") }), tooDeep],
];

const scope = { input: parseValueType({ name: "string", n: "s64" }), steps: {} };
const expressions: [string, (levels: number) => string][] = [
  ["nested parentheses", (n) => `${"(".repeat(n)}input.n${")".repeat(n)}`],
  ["negations", (n) => `${"!".repeat(n)}true`],
  ["unary minus signs, spaced", (n) => `${"- ".repeat(n)}1`],
  ["nested list literals", (n) => nestedList(n)],
  ["nested calls", (n) => `${"size(".repeat(n)}input.name${")".repeat(n)}`],
  ["a chain of additions", (n) => Array.from({ length: n }, () => "1").join(" + ")],
];

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("accepted");
}

test.each(fileInputs.flatMap(([name, build, refusal]) => depths.map((n) => [name, n, build, refusal] as const)))(
  "%s nested %i deep in a flow file is refused cleanly, without a stack overflow",
  (_name, levels, build, refusal) => {
    const error = thrownBy(() => parseFlowDefinition(JSON.parse(build(levels))));
    expect(error).not.toBeInstanceOf(RangeError);
    expect(error).toMatchObject(refusal);
  },
);

test.each(expressions.flatMap(([name, build]) => depths.map((n) => [name, n, build] as const)))(
  "an expression of %s, %i deep, is EXPRESSION_SYNTAX, without a stack overflow",
  (_name, levels, build) => {
    const error = thrownBy(() => compileExpression(build(levels), scope));
    expect(error).not.toBeInstanceOf(RangeError);
    expect(error).toMatchObject({ code: "EXPRESSION_SYNTAX" });
  },
);
