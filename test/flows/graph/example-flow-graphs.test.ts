import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { loadFlowDefinition } from "../../../runtime/flows/definition/index.js";
import { analyzeFlow, type FlowGraph } from "../../../runtime/flows/graph/index.js";

const flowsDir = fileURLToPath(new URL("../../../flows/", import.meta.url));
const exampleTasks = new Set([
  "word-count",
  "score",
  "profile",
  "checksum",
  "add",
  "fib",
  "slugify",
  "flaky",
  "rot13",
  "char-classes",
  "title-case",
]);

async function graphOf(name: string): Promise<FlowGraph> {
  const { definition } = await loadFlowDefinition(`${flowsDir}${name}.flow.json`);
  const analysis = analyzeFlow(definition, { taskExists: (reference) => exampleTasks.has(reference) });
  expect(analysis.issues).toEqual([]);
  if (analysis.status !== "valid") throw new Error(`${name} is invalid`);
  return analysis.graph;
}

test.each(readdirSync(flowsDir).map((file) => file.replace(/\.flow\.json$/, "")))(
  "%s analyses without issues",
  async (name) => {
    const graph = await graphOf(name);
    expect(graph.order).toHaveLength(graph.steps.length);
  },
);

describe("triage-text: if / else if / else converging on a none-failed join", () => {
  test("roots, leaves, branch and convergence points", async () => {
    const graph = await graphOf("triage-text");
    expect(graph.roots).toEqual(["count"]);
    expect(graph.leaves).toEqual(["fallback"]);
    expect(graph.branchPoints).toEqual([
      {
        step: "score",
        arms: [
          { index: 0, condition: "steps.score.output.score >= 0.75", targets: ["celebrate"] },
          { index: 1, condition: "steps.score.output.score >= 0.4", targets: ["shrug"] },
          { index: 2, condition: undefined, targets: ["complain"] },
        ],
      },
    ]);
    expect(graph.convergencePoints).toEqual([
      { step: "report", join: "none-failed", from: ["celebrate", "shrug", "complain"] },
    ]);
    expect(graph.errorPaths).toEqual([{ step: "report", handlers: ["fallback"] }]);
  });

  test("the three arms share a level but are no parallel group: only one of them runs", async () => {
    const graph = await graphOf("triage-text");
    expect(graph.levels).toEqual([["count"], ["score"], ["celebrate", "shrug", "complain"], ["report"], ["fallback"]]);
    expect(graph.parallelGroups).toEqual([]);
  });

  test("edges carry their kind and arm", async () => {
    const graph = await graphOf("triage-text");
    expect(graph.successors("score")).toEqual([
      { kind: "branch", from: "score", to: "celebrate", arm: 0 },
      { kind: "branch", from: "score", to: "shrug", arm: 1 },
      { kind: "branch", from: "score", to: "complain", arm: 2 },
    ]);
    expect(graph.predecessors("fallback")).toEqual([{ kind: "onError", from: "report", to: "fallback" }]);
    expect(graph.predecessors("score")).toEqual([{ kind: "after", from: "count", to: "score" }]);
  });

  test("ancestors: through branches, not across them", async () => {
    const graph = await graphOf("triage-text");
    expect(graph.isGuaranteedAncestor("score", "report")).toBe(true);
    expect(graph.isGuaranteedAncestor("count", "fallback")).toBe(true);
    expect(graph.isGuaranteedAncestor("celebrate", "shrug")).toBe(false);
    expect(graph.isGuaranteedAncestor("report", "score")).toBe(false);
    expect(graph.ancestorsOf("report")).toEqual(["count", "score", "celebrate", "shrug", "complain"]);
  });

  test("every root-to-leaf path, one per arm", async () => {
    const graph = await graphOf("triage-text");
    expect(graph.paths()).toEqual({
      paths: [
        ["count", "score", "celebrate", "report", "fallback"],
        ["count", "score", "shrug", "report", "fallback"],
        ["count", "score", "complain", "report", "fallback"],
      ],
      truncated: false,
    });
    expect(graph.paths(2)).toEqual({
      paths: [
        ["count", "score", "celebrate", "report", "fallback"],
        ["count", "score", "shrug", "report", "fallback"],
      ],
      truncated: true,
    });
  });

  test("the Mermaid diagram labels branch edges with their conditions and dashes the error path", async () => {
    const mermaid = (await graphOf("triage-text")).toMermaid();
    expect(mermaid.startsWith("flowchart TD\n")).toBe(true);
    expect(mermaid).toContain('  s_score["score (score)"]');
    expect(mermaid).toContain("  s_count --> s_score\n");
    expect(mermaid).toContain('  s_score -->|"if steps.score.output.score #62;= 0.75"| s_celebrate\n');
    expect(mermaid).toContain('  s_score -->|"else if steps.score.output.score #62;= 0.4"| s_shrug\n');
    expect(mermaid).toContain('  s_score -->|"else"| s_complain\n');
    expect(mermaid).toContain("  s_complain --> s_report\n");
    expect(mermaid).toContain('  s_report -.->|"onError"| s_fallback\n');
  });
});

test("text-card: four roots fan out and join in one all-succeeded step", async () => {
  const graph = await graphOf("text-card");
  expect(graph.roots).toEqual(["count", "slug", "sum", "fib"]);
  expect(graph.leaves).toEqual(["card"]);
  expect(graph.parallelGroups).toEqual([["count", "slug", "sum", "fib"]]);
  expect(graph.convergencePoints).toEqual([
    { step: "card", join: "all-succeeded", from: ["count", "slug", "sum", "fib"] },
  ]);
  expect(graph.branchPoints).toEqual([]);
  expect(graph.paths().paths).toHaveLength(4);
});

test("score-text: a plain sequence", async () => {
  const graph = await graphOf("score-text");
  expect(graph.order).toEqual(["count", "score", "slug"]);
  expect(graph.levels).toEqual([["count"], ["score"], ["slug"]]);
  expect(graph.parallelGroups).toEqual([]);
  expect(graph.convergencePoints).toEqual([]);
  expect(graph.toMermaid()).toContain("  s_score --> s_slug\n");
});

test("profile-fallback: the error handler and the success path are alternatives, the two roots run together", async () => {
  const graph = await graphOf("profile-fallback");
  expect(graph.roots).toEqual(["slug", "profile"]);
  expect(graph.leaves).toEqual(["slug", "explain", "greet"]);
  expect(graph.levels).toEqual([
    ["slug", "profile"],
    ["explain", "greet"],
  ]);
  expect(graph.parallelGroups).toEqual([["slug", "profile"]]);
  expect(graph.errorPaths).toEqual([{ step: "profile", handlers: ["explain"] }]);
  expect(graph.toMermaid()).toContain('  s_profile -.->|"onError"| s_explain\n');
});

test("querying a step the flow does not have is a UsageError", async () => {
  const graph = await graphOf("retry-fib");
  expect(() => graph.predecessors("nope")).toThrow(expect.objectContaining({ code: "USAGE" }));
  expect(() => graph.isGuaranteedAncestor("fib", "nope")).toThrow('the flow has no step "nope"');
  expect(() => graph.paths(-1)).toThrow(expect.objectContaining({ code: "USAGE" }));
});
