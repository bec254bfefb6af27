import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { checkEdgeTypes, type StepTaskTypes } from "../../../runtime/flows/check/index.js";
import { loadFlowDefinition, parseFlowDefinition } from "../../../runtime/flows/definition/index.js";
import { analyzeFlow } from "../../../runtime/flows/graph/index.js";
import { findTaskDefinitionFiles, loadTaskDefinition } from "../../../runtime/tasks/index.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const tasks = new Map<string, StepTaskTypes>();
const taskTypes = (reference: string) => tasks.get(reference.split("@")[0] ?? "");

beforeAll(async () => {
  for (const file of await findTaskDefinitionFiles(root)) {
    const { definition } = await loadTaskDefinition(file);
    tasks.set(definition.name, { input: definition.inputType, output: definition.outputType });
  }
});

function issuesOf(json: unknown): { code: string; path: string }[] {
  const definition = parseFlowDefinition(json);
  const analysis = analyzeFlow(definition);
  if (analysis.graph === undefined) throw new Error(JSON.stringify(analysis.issues));
  return checkEdgeTypes(definition, analysis.graph, taskTypes).map(({ code, path }) => ({ code, path }));
}

const flow = (steps: unknown[]) => ({
  name: "edges",
  input: { text: "string", n: "s32" },
  steps,
  output: { done: "true" },
});
const count = { id: "count", task: "word-count", input: { text: "input.text" } };

describe("types along every edge are checked before anything runs", () => {
  test.each(readdirSync(`${root}/flows`).filter((f) => f.endsWith(".flow.json")))(
    "example %s type-checks",
    async (file) => {
      const { definition } = await loadFlowDefinition(`${root}/flows/${file}`);
      const analysis = analyzeFlow(definition);
      expect(analysis.issues).toEqual([]);
      if (analysis.graph === undefined) throw new Error("no graph");
      expect(checkEdgeTypes(definition, analysis.graph, taskTypes)).toEqual([]);
    },
  );

  test.each([
    [
      "a string fed into an s32 input",
      [{ id: "sum", task: "add", input: { a: "input.text", b: "input.n" } }],
      "steps[0].input.a",
    ],
    [
      "a field the producer's output does not have",
      [count, { id: "s", task: "score", after: ["count"], input: { words: "steps.count.output.wrods", vowels: "1" } }],
      "steps[1].input.words",
    ],
    ["a literal of the wrong type", [{ id: "sum", task: "add", input: { a: true, b: 1 } }], "steps[0].input.a"],
    ["a missing input field", [{ id: "sum", task: "add", input: { a: "input.n" } }], "steps[0].input.b"],
    [
      "an input field the task does not have",
      [{ id: "sum", task: "add", input: { a: 1, b: 2, c: 3 } }],
      "steps[0].input.c",
    ],
    [
      "a condition that is not a bool",
      [
        // biome-ignore lint/suspicious/noThenProperty: the flow format's keyword; the object is never awaited.
        { ...count, branch: [{ if: "steps.count.output.words", then: ["sum"] }] },
        { id: "sum", task: "add", input: { a: 1, b: 2 } },
      ],
      "steps[0].branch[0].if",
    ],
  ])("%s is refused", (_name, steps, path) => {
    const issues = issuesOf(flow(steps));
    expect(issues.map((i) => i.path)).toContain(path);
  });

  test("every edge problem is reported together", () => {
    const issues = issuesOf(flow([{ id: "sum", task: "add", input: { a: "input.text", c: 1 } }]));
    expect(issues.map((i) => i.path).sort()).toEqual(["steps[0].input.a", "steps[0].input.b", "steps[0].input.c"]);
  });
});
