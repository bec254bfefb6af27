import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";

// A store of this file's own, with the example tasks and two example flows registered.
const root = fileURLToPath(new URL("../..", import.meta.url));
const home = tempProject("wf-flow-lookup-").home;
const wasmflow = (...args: string[]) => cli([...args, "--home", home], { cwd: root });

beforeAll(() => {
  expect(wasmflow("task", "add").code).toBe(0);
  expect(wasmflow("flow", "add", "flows/score-text.flow.json", "flows/retry-fib.flow.json").code).toBe(0);
});

describe("flow inspect and flow show take a registered name or a file", () => {
  // Regression: `flow inspect score-text` read "score-text" as a file: "invalid definition: ENOENT".
  test("inspect by registered name", () => {
    const result = wasmflow("flow", "inspect", "score-text");
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n").slice(0, 6)).toEqual([
      "score-text",
      "roots        count",
      "leaves       slug",
      "branches     none",
      "convergence  none",
      "parallel     none",
    ]);
    expect(wasmflow("flow", "inspect", "score-text@1", "--json").json()).toMatchObject({
      name: "score-text",
      roots: ["count"],
    });
  });

  test("inspect by file, as before", () => {
    expect(wasmflow("flow", "inspect", "flows/triage-text.flow.json", "--json").json()).toMatchObject({
      name: "triage-text",
      roots: ["count"],
    });
  });

  test("show by file: the definition as written, without a revision", () => {
    const result = wasmflow("flow", "show", "flows/score-text.flow.json", "--json");
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      name: "score-text",
      file: "flows/score-text.flow.json",
      version: "1.0.0",
      definition: { steps: [{ id: "count" }, { id: "score" }, { id: "slug" }] },
    });
    expect(result.json()).not.toHaveProperty("revision");
    expect(wasmflow("flow", "show", "flows/score-text.flow.json").stdout.split("\n")[0]).toBe(
      "score-text v1.0.0  flows/score-text.flow.json",
    );
  });

  test("an unknown name offers the closest registered one", () => {
    const result = wasmflow("flow", "show", "score-txt");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error [FLOW_NOT_FOUND] flow "score-txt" is not registered; did you mean "score-text"?\n',
    );
    expect(wasmflow("flow", "inspect", "nothing-like-it", "--json").json()).toMatchObject({
      error: {
        code: "FLOW_NOT_FOUND",
        message: 'flow "nothing-like-it" is not registered; the known flows: retry-fib, score-text',
      },
    });
  });
});

describe("flow rm", () => {
  test("removes every revision; the flow's runs are kept and said so", () => {
    expect(wasmflow("flow", "run", "retry-fib", "--json").code).toBe(0);
    expect(wasmflow("flow", "run", "retry-fib", "--input", '{"n": 10}', "--json").code).toBe(0);
    const removed = wasmflow("flow", "rm", "retry-fib");
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe("removed retry-fib (1 revision); its 2 runs are kept (runs list, runs show)\n");
    expect(wasmflow("flow", "show", "retry-fib").code).toBe(2);
    const runs = wasmflow("runs", "list", "--flow", "retry-fib", "--json").json() as { runs: { status: string }[] };
    expect(runs.runs.map((run) => run.status)).toEqual(["succeeded", "succeeded"]);
  });

  test("one revision with name@N; --json says how many runs it had", () => {
    expect(wasmflow("flow", "add", "flows/flaky-retry.flow.json").code).toBe(0);
    const result = wasmflow("flow", "rm", "flaky-retry@1", "--json");
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({
      removed: { reference: "flaky-retry@1", revisions: 1, runs: { total: 0, unfinished: 0 } },
    });
  });

  test("an unknown flow exits 2 and removes nothing", () => {
    const result = wasmflow("flow", "rm", "score-txet");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error [FLOW_NOT_FOUND] flow "score-txet" is not registered; did you mean "score-text"?\n',
    );
    expect(wasmflow("flow", "show", "score-text").code).toBe(0);
  });
});
