import { performance } from "node:perf_hooks";
import { expect, test } from "vitest";
import { parseFlowDefinition } from "../../../runtime/flows/definition/index.js";
import { analyzeFlow } from "../../../runtime/flows/graph/index.js";

const size = 10_000;
const id = (i: number): string => `s${i}`;

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

function flowJson(steps: unknown[]): unknown {
  return { name: "large", input: { text: "string" }, steps, output: { last: `steps.${id(size - 1)}.output` } };
}

test("a 10 000-step chain is analysed without recursion", () => {
  const steps = Array.from({ length: size }, (_, i) =>
    i === 0
      ? { id: id(0), task: "slugify", input: { text: "input.text" } }
      : { id: id(i), task: "slugify", after: [id(i - 1)], input: { text: `steps.${id(i - 1)}.output` } },
  );
  const parsed = timed(() => parseFlowDefinition(flowJson(steps)));
  const analysed = timed(() => analyzeFlow(parsed.value));
  console.log(`10 000-step chain: parse ${parsed.ms.toFixed(0)} ms, analyse ${analysed.ms.toFixed(0)} ms`);
  const { value: analysis } = analysed;
  expect(analysis.issues).toEqual([]);
  const graph = analysis.graph;
  expect(graph?.roots).toEqual([id(0)]);
  expect(graph?.leaves).toEqual([id(size - 1)]);
  expect(graph?.levels).toHaveLength(size);
  expect(graph?.isGuaranteedAncestor(id(0), id(size - 1))).toBe(true);
  expect(graph?.isGuaranteedAncestor(id(size - 1), id(0))).toBe(false);
  expect(graph?.paths(1).paths[0]).toHaveLength(size);
  expect(graph?.toMermaid().split("\n")).toHaveLength(2 * size + 1);
});

test("a 10 000-step cycle is reported with its full path, without recursion", () => {
  const steps = Array.from({ length: size }, (_, i) => ({
    id: id(i),
    task: "slugify",
    after: [id((i + size - 1) % size)],
    input: { text: "'x'" },
  }));
  const { value: analysis, ms } = timed(() => analyzeFlow(parseFlowDefinition(flowJson(steps))));
  console.log(`10 000-step cycle: parse + analyse ${ms.toFixed(0)} ms`);
  expect(analysis.issues).toHaveLength(1);
  expect(analysis.issues[0]?.code).toBe("CYCLE");
  expect(analysis.issues[0]?.actual?.split(" -> ")).toHaveLength(size + 1);
});

test("a 10 000-wide fan-out joined by one step is analysed without recursion", () => {
  const width = size - 2;
  const middle = Array.from({ length: width }, (_, i) => ({
    id: id(i + 1),
    task: "slugify",
    after: ["root"],
    input: { text: "steps.root.output" },
  }));
  const steps = [
    { id: "root", task: "slugify", input: { text: "input.text" } },
    ...middle,
    { id: "join", task: "slugify", after: middle.map((s) => s.id), input: { text: `steps.${id(width)}.output` } },
  ];
  const parsed = timed(() =>
    parseFlowDefinition({ ...(flowJson(steps) as object), output: { v: "steps.join.output" } }),
  );
  const analysed = timed(() => analyzeFlow(parsed.value));
  console.log(`10 000-step fan-out/fan-in: parse ${parsed.ms.toFixed(0)} ms, analyse ${analysed.ms.toFixed(0)} ms`);
  const graph = analysed.value.graph;
  expect(analysed.value.issues).toEqual([]);
  expect(graph?.roots).toEqual(["root"]);
  expect(graph?.leaves).toEqual(["join"]);
  expect(graph?.parallelGroups).toHaveLength(1);
  expect(graph?.parallelGroups[0]).toHaveLength(width);
  expect(graph?.convergencePoints[0]?.from).toHaveLength(width);
  expect(graph?.paths()).toMatchObject({ truncated: true });
  expect(graph?.paths().paths).toHaveLength(100);
  expect(graph?.ancestorsOf("join")).toHaveLength(width + 1);
});

test("10 000 misspelt references are each reported; only the first hundred look for the name meant", () => {
  const steps = Array.from({ length: size }, (_, i) =>
    i === 0
      ? { id: id(0), task: "slugify", input: { text: "input.text" } }
      : { id: id(i), task: "slugify", after: [`x${id(i - 1)}`], input: { text: `steps.x${id(i - 1)}.output` } },
  );
  const { value: analysis, ms } = timed(() => analyzeFlow(parseFlowDefinition(flowJson(steps))));
  console.log(`10 000 misspelt references: parse + analyse ${ms.toFixed(0)} ms`);
  const unknown = analysis.issues.filter((issue) => issue.code === "UNKNOWN_STEP");
  expect(unknown).toHaveLength(2 * (size - 1));
  expect(unknown[0]).toMatchObject({ path: "steps[1].after[0]", suggestions: ["s0"] });
  expect(unknown.filter((issue) => issue.suggestions !== undefined).length).toBeLessThanOrEqual(200);
});
