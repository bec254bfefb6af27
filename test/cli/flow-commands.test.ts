import { readFileSync } from "node:fs";
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

  // Regression: this one typo printed three problems, by array index, the cause first only by
  // chance and with no hint of the task meant.
  test("a misspelt task prints one problem, at the step's id, with the task meant", () => {
    const project = tempProject("wf-flow-typo-");
    const text = readFileSync(`${root}/flows/score-text.flow.json`, "utf8").replace('"word-count"', '"word-cuont"');
    const file = project.write("score-text.flow.json", text);
    const result = flow("validate", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error [DEFINITION_INVALID] invalid flow definition "score-text" (${file})\n` +
        '  - steps.count.task: task "word-cuont" is not registered; did you mean "word-count"? (3 follow-on problems folded)\n',
    );
  });

  test("a flow file that is not JSON is refused at its line and column", () => {
    const project = tempProject("wf-flow-json-");
    const text = readFileSync(`${root}/flows/score-text.flow.json`, "utf8").replace(
      '"version": "1.0.0",',
      '"version": "1.0.0"',
    );
    const file = project.write("score-text.flow.json", text);
    const result = flow("validate", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error [DEFINITION_INVALID] invalid flow definition (${file})\n` +
        `  - (root): line 6, column 3: expected "," or the end of the list or object, found '"input"'\n`,
    );
  });

  // Regression: a registered name was taken for a file path ("ENOENT ... stat").
  test("a registered flow validates by name, against the tasks registered now", () => {
    const own = tempProject("wf-flow-validate-name-").home;
    const run = (...args: string[]) => cli([...args, "--home", own], { cwd: root });
    expect(run("task", "add").code).toBe(0);
    expect(run("flow", "add", "flows/score-text.flow.json").code).toBe(0);
    const ok = run("flow", "validate", "score-text", "--json");
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ flows: [{ file: "score-text", name: "score-text" }] });
    expect(run("task", "rm", "word-count").code).toBe(0);
    const stale = run("flow", "validate", "score-text");
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain('  - steps.count.task: task "word-count" is not registered');
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
