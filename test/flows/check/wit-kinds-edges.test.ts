import { expect, test } from "vitest";
import { checkEdgeTypes, type StepTaskTypes } from "../../../runtime/flows/check/index.js";
import { parseFlowDefinition } from "../../../runtime/flows/definition/index.js";
import { analyzeFlow } from "../../../runtime/flows/graph/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

// Edges between tasks whose types have WIT's kinds: what one step's output gives must fit what
// the next step's input declares, by the names its cases and flags carry.

const paintOutput = parseValueType({
  color: "enum{red, blue}",
  perms: "flags{read, write}",
  shape: "variant{circle(f64), none}",
  pair: "tuple<s32, string>",
  outcome: "result<s32, string>",
  initial: "char",
});

const tasks: Record<string, StepTaskTypes> = {
  paint: { input: parseValueType({ color: "enum{red, blue}" }), output: paintOutput },
  draw: {
    input: parseValueType({
      color: "enum{blue, red, green}",
      perms: "flags{read, write, exec}",
      shape: "variant{none, square(f64), circle(f64)}",
      pair: "tuple<s64, string>",
      outcome: "result<s64, string>",
      initial: "char",
    }),
    output: parseValueType("bool"),
  },
  narrow: {
    input: parseValueType({
      color: "enum{red}",
      perms: "flags{read}",
      shape: "variant{circle(s32), none}",
      pair: "tuple<s32>",
      outcome: "result<s32>",
      initial: "enum{a}",
    }),
    output: parseValueType("bool"),
  },
};

function issuesOf(json: Record<string, unknown>): { code: string; path: string; message: string }[] {
  const definition = parseFlowDefinition({ name: "wit", input: { c: "char", r: "result<s32, string>" }, ...json });
  const analysis = analyzeFlow(definition);
  if (analysis.graph === undefined) throw new Error(JSON.stringify(analysis.issues));
  return checkEdgeTypes(definition, analysis.graph, (reference) => tasks[reference]).map(({ code, path, message }) => ({
    code,
    path,
    message,
  }));
}

const paint = { id: "paint", task: "paint", input: { color: "'red'" } };
const fields = ["color", "perms", "shape", "pair", "outcome", "initial"];
const passOn = (task: string) => ({
  id: "next",
  task,
  after: ["paint"],
  input: Object.fromEntries(fields.map((field) => [field, `steps.paint.output.${field}`])),
});

test("an output feeds an input that declares all its cases and flags, whatever their order", () => {
  expect(issuesOf({ steps: [paint, passOn("draw")], output: { done: "steps.next.output" } })).toEqual([]);
});

test("an output does not feed an input that lacks one of its cases, flags or items", () => {
  const issues = issuesOf({ steps: [paint, passOn("narrow")], output: {} });
  expect(issues.map(({ code, path }) => ({ code, path }))).toEqual([
    { code: "UNKNOWN_CASE", path: "steps[1].input.color" },
    { code: "UNKNOWN_FIELD", path: "steps[1].input.perms" },
    { code: "WRONG_TYPE", path: "steps[1].input.shape.val" },
    { code: "OUT_OF_RANGE", path: "steps[1].input.pair" },
    { code: "WRONG_TYPE", path: "steps[1].input.outcome" },
    { code: "WRONG_TYPE", path: "steps[1].input.initial" },
  ]);
  expect(issues[0]?.message).toBe(
    'has the case "blue", which the field does not declare: expected enum{red}, got enum{red, blue}',
  );
});

test.each([
  [{ color: "'bleu'" }, "UNKNOWN_CASE", `'bleu' is not a case of enum{red, blue}; did you mean "blue"?`],
  [{ color: "input.c" }, "WRONG_TYPE", "has the wrong type: expected enum{red, blue}, got char"],
  [{ color: 7 }, "LITERAL_TYPE_MISMATCH", "steps[0].input.color: expected enum, got number 7"],
  [{ color: "green" }, "EXPRESSION_TYPE", "Unknown variable: green"],
])("the paint step's input %j is refused: %s", (input, code, message) => {
  const issues = issuesOf({ steps: [{ ...paint, input }], output: {} });
  expect(issues).toHaveLength(1);
  expect(issues[0]).toMatchObject({ code, path: "steps[0].input.color" });
  expect(issues[0]?.message).toContain(message);
});

test("literals of WIT's kinds are checked as task inputs are", () => {
  const draw = (input: Record<string, unknown>) => ({
    id: "draw",
    task: "draw",
    input: {
      color: "'green'",
      perms: { read: true },
      shape: { tag: "square", val: 2 },
      pair: ["9007199254740993", "x"],
      outcome: { tag: "err", val: "no" },
      initial: "input.c",
      ...input,
    },
  });
  expect(issuesOf({ steps: [draw({})], output: {} })).toEqual([]);
  const issues = issuesOf({
    steps: [draw({ perms: { exec: 1 }, shape: { tag: "oval" }, pair: [1], initial: "'ab'" })],
    output: {},
  });
  expect(issues.map(({ code, path }) => ({ code, path }))).toEqual([
    { code: "LITERAL_TYPE_MISMATCH", path: "steps[0].input.perms" },
    { code: "LITERAL_TYPE_MISMATCH", path: "steps[0].input.shape" },
    { code: "LITERAL_TYPE_MISMATCH", path: "steps[0].input.pair" },
    { code: "OUT_OF_RANGE", path: "steps[0].input.initial" },
  ]);
  expect(issues[1]?.message).toContain('steps[0].input.shape.tag: unknown case "oval"');
});

test("conditions and the flow output read the kinds as declared", () => {
  const branching = {
    ...paint,
    branch: [
      // biome-ignore lint/suspicious/noThenProperty: the flow format's keyword; the object is never awaited.
      { if: "steps.paint.output.shape.tag == 'circel'", then: ["later"] },
      { else: ["other"] },
    ],
  };
  const later = { id: "later", task: "paint", input: { color: "steps.paint.output.color" } };
  const other = { id: "other", task: "paint", input: { color: "input.r.tag == 'ok' ? 'red' : 'blue'" } };
  const issues = issuesOf({
    steps: [branching, later, other],
    output: { exec: "steps.paint.output.perms.exec", first: "steps.paint.output.pair[0]" },
  });
  expect(issues.map(({ code, path }) => ({ code, path }))).toEqual([
    { code: "EXPRESSION_TYPE", path: "steps[0].branch[0].if" },
    { code: "EXPRESSION_TYPE", path: "output.exec" },
  ]);
  expect(issues[0]?.message).toContain(`'circel' is not a case of enum{circle, none}`);
  expect(issues[0]?.message).toContain(`did you mean "circle"?`);
  expect(issues[1]?.message).toContain('steps.paint.output.perms has no flag "exec" (it has: read, write)');
});
