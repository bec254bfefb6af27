import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { FlowShown } from "../../dashboard/src/api/wasmflow.js";
import { graphModelOf } from "../../dashboard/src/graph/graph-model.js";
import { findTaskDefinitionFiles, parseFlowDefinition, Wasmflow } from "../../runtime/index.js";
import { tempProject } from "../helpers/project.js";
import { shownFlow } from "./generated-flow.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
let wf: Wasmflow;

beforeAll(async () => {
  wf = Wasmflow.open({ home: tempProject("wf-graph-model-").home, root, pool: { threads: 1 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(`${root}/flows/triage-text.flow.json`);
});

afterAll(async () => {
  await wf?.close();
});

/** What `GET /v1/flows/{ref}` answers, without the server: the same objects through JSON. */
function shown(reference: string): FlowShown {
  const { registered, graph } = wf.describeRegisteredFlow(reference);
  return JSON.parse(JSON.stringify({ flow: registered, graph: graph.report() }));
}

describe("triage-text: a branch with else, a none-failed join, an error path", () => {
  test("nodes carry their task, the join where steps converge, handlers and retries", () => {
    expect(graphModelOf(shown("triage-text")).nodes).toEqual([
      { id: "count", task: "word-count", errorHandler: false },
      { id: "score", task: "score", errorHandler: false },
      { id: "celebrate", task: "slugify", errorHandler: false },
      { id: "shrug", task: "slugify", errorHandler: false },
      { id: "complain", task: "slugify", errorHandler: false, retries: 1 },
      { id: "report", task: "profile", errorHandler: false, join: "none-failed" },
      { id: "fallback", task: "slugify", errorHandler: true },
    ]);
  });

  test("edges carry the type passed; branch arms their condition, else for the else arm", () => {
    const score = "record{score: f64, label: string}";
    expect(graphModelOf(shown("triage-text")).edges).toEqual([
      {
        id: "count->score:after",
        from: "count",
        to: "score",
        kind: "after",
        carries: "record{words: u32, vowels: u32}",
      },
      {
        id: "score->celebrate:branch0",
        from: "score",
        to: "celebrate",
        kind: "branch",
        label: "steps.score.output.score >= 0.75",
        carries: score,
      },
      {
        id: "score->shrug:branch1",
        from: "score",
        to: "shrug",
        kind: "branch",
        label: "steps.score.output.score >= 0.4",
        carries: score,
      },
      { id: "score->complain:branch2", from: "score", to: "complain", kind: "branch", label: "else", carries: score },
      { id: "celebrate->report:after", from: "celebrate", to: "report", kind: "after", carries: "string" },
      { id: "shrug->report:after", from: "shrug", to: "report", kind: "after", carries: "string" },
      { id: "complain->report:after", from: "complain", to: "report", kind: "after", carries: "string" },
      {
        id: "report->fallback:onError",
        from: "report",
        to: "fallback",
        kind: "onError",
        carries: "record{code: string, message: string}",
      },
    ]);
  });
});

test("an after repeating a branch link is drawn once, as the link", () => {
  const input = { text: "input.text" };
  const definition = parseFlowDefinition({
    name: "repeated-links",
    version: "1.0.0",
    input: { text: "string" },
    steps: [
      {
        id: "pick",
        task: "text",
        input,
        // biome-ignore lint/suspicious/noThenProperty: the flow format's keyword; the object is never awaited.
        branch: [{ if: "steps.pick.output == 'a'", then: ["left"] }, { else: ["right"] }],
      },
      { id: "left", task: "text", input, after: ["pick"] },
      { id: "right", task: "text", input },
    ],
    output: {},
  });
  const flow = shownFlow(definition);
  expect(flow.graph.edges.filter((edge) => edge.kind === "after")).toHaveLength(1);
  const model = graphModelOf(flow);
  expect(model.edges.map((edge) => edge.id)).toEqual(["pick->left:branch0", "pick->right:branch1"]);
});

test("a step with one predecessor shows no join rule, whatever it declares", () => {
  const input = { text: "input.text" };
  const definition = parseFlowDefinition({
    name: "joins",
    version: "1.0.0",
    input: { text: "string" },
    steps: [
      { id: "a", task: "text", input },
      { id: "b", task: "text", input },
      { id: "single", task: "text", input, after: ["a"], join: "any-succeeded" },
      { id: "both", task: "text", input, after: ["a", "b"] },
    ],
    output: {},
  });
  const nodes = graphModelOf(shownFlow(definition)).nodes;
  expect(nodes.find((node) => node.id === "single")).not.toHaveProperty("join");
  expect(nodes.find((node) => node.id === "both")).toMatchObject({ join: "all-succeeded" });
});
