import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findTaskDefinitionFiles, Wasmflow } from "../../runtime/index.js";
import { type RunningServer, startServer } from "../../runtime/server/index.js";
import { root } from "../flows/engine/harness.js";
import { tempProject } from "../helpers/project.js";

// A flow's page draws its edges labelled with the types they carry: the show answer lists every
// edge with the type the downstream step receives, from the tasks' declared outputs.

let wf: Wasmflow;
let server: RunningServer;

beforeAll(async () => {
  const project = tempProject("wf-flow-edges-");
  wf = Wasmflow.open({ home: project.home, root, pool: { threads: 1 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(`${root}/flows/triage-text.flow.json`);
  await wf.addFlow(`${root}/flows/profile-fallback.flow.json`);
  server = await startServer({ wf, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await wf?.close();
});

async function shownGraph(reference: string): Promise<{ edges: unknown[] }> {
  const response = await fetch(`${server.url}/v1/flows/${reference}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { graph: { edges: unknown[] } }).graph;
}

const stepError = "record{code: string, message: string}";

describe("GET /v1/flows/{ref} types every edge", () => {
  test("triage-text: after, branch arms with their conditions, and the error path", async () => {
    const score = "record{score: f64, label: string}";
    expect((await shownGraph("triage-text")).edges).toEqual([
      { kind: "after", from: "count", to: "score", carries: "record{words: u32, vowels: u32}" },
      {
        kind: "branch",
        from: "score",
        to: "celebrate",
        arm: 0,
        condition: "steps.score.output.score >= 0.75",
        carries: score,
      },
      {
        kind: "branch",
        from: "score",
        to: "shrug",
        arm: 1,
        condition: "steps.score.output.score >= 0.4",
        carries: score,
      },
      { kind: "branch", from: "score", to: "complain", arm: 2, carries: score },
      { kind: "after", from: "celebrate", to: "report", carries: "string" },
      { kind: "after", from: "shrug", to: "report", carries: "string" },
      { kind: "after", from: "complain", to: "report", carries: "string" },
      { kind: "onError", from: "report", to: "fallback", carries: stepError },
    ]);
  });

  test("profile-fallback: the handler receives the step error, the next step the output", async () => {
    expect((await shownGraph("profile-fallback")).edges).toEqual([
      { kind: "onError", from: "profile", to: "explain", carries: stepError },
      {
        kind: "after",
        from: "profile",
        to: "greet",
        carries: "record{displayName: string, domain: string, tags: list<string>, adult: option<bool>}",
      },
    ]);
  });

  test("an edge from a step whose task is no longer registered is left untyped", async () => {
    await wf.addFlow(`${root}/flows/score-text.flow.json`);
    const before = wf.describeRegisteredFlow("score-text").graph.report().edges;
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((edge) => edge.carries !== undefined)).toBe(true);
    wf.tasks.remove("word-count");
    const after = wf.describeRegisteredFlow("score-text").graph.report().edges;
    const fromCount = after.filter((edge) => edge.from === "count");
    expect(fromCount.length).toBeGreaterThan(0);
    for (const edge of fromCount) expect(edge).not.toHaveProperty("carries");
  });
});
