import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";

// The example tasks are built by the global setup and registered here in a store of this file's own.
const root = fileURLToPath(new URL("../..", import.meta.url));
const home = tempProject("wf-flow-").home;
const flow = (...args: string[]) => cli(["flow", ...args, "--home", home], { cwd: root });

beforeAll(() => {
  expect(cli(["task", "add", "--home", home], { cwd: root }).code).toBe(0);
});

describe("wasmflow flow validate | inspect", () => {
  test("the example flows validate against the registered tasks", () => {
    const result = flow("validate", "flows/triage-text.flow.json", "flows/score-text.flow.json", "--json");
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ flows: [{ name: "triage-text", steps: 7 }, { name: "score-text" }] });
  });

  test("a flow with a type error, an unknown task and a cycle exits 2 listing every problem", () => {
    const project = tempProject("wf-flow-bad-");
    const file = project.write(
      "bad.flow.json",
      JSON.stringify({
        name: "bad",
        input: { text: "string" },
        steps: [
          { id: "a", task: "add", after: ["b"], input: { a: "input.text", b: 1 } },
          { id: "b", task: "add", after: ["a"], input: { a: 1, b: 2 } },
          { id: "c", task: "nope", input: {} },
        ],
        output: { sum: "1" },
      }),
    );
    const result = flow("validate", file, "--json");
    expect(result.code).toBe(2);
    const codes = (result.json() as { error: { issues: { code: string }[] } }).error.issues.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(["CYCLE", "UNKNOWN_TASK"]));
  });

  test("inspect shows the graph analysis and a Mermaid diagram", () => {
    const result = flow("inspect", "flows/triage-text.flow.json", "--json");
    expect(result.json()).toMatchObject({
      roots: ["count"],
      branchPoints: [{ step: "score" }],
      convergencePoints: [{ step: "report", join: "none-failed" }],
      pathsTruncated: false,
      mermaid: expect.stringContaining("flowchart TD"),
    });
  });
});
