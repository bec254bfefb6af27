import { cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, expect, test } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";

// A project that keeps its parts elsewhere than tasks/ and flows/, told by wasmflow.config.json;
// every command below runs the built CLI in it, with no --home: the configuration names the store.
const repo = fileURLToPath(new URL("../../", import.meta.url));
let root: string;

beforeAll(() => {
  const project = tempProject("wf-layout-");
  root = project.root;
  cpSync(join(repo, "test/fixtures/as/math"), join(root, "lib/tasks/math"), {
    recursive: true,
    filter: (path) => !path.endsWith(".gen.ts"),
  });
  cpSync(join(repo, "asconfig.json"), join(root, "asconfig.json"));
  project.write("wasmflow.config.json", JSON.stringify({ tasks: "lib/tasks", flows: "lib/flows", home: "var/store" }));
  project.write(
    "lib/flows/sum.flow.json",
    JSON.stringify({
      name: "sum",
      input: { a: "s32", b: "s32" },
      steps: [{ id: "add", task: "add", input: { a: "input.a", b: "input.b" } }],
      output: { total: "steps.add.output" },
    }),
  );
});

const run = (...args: string[]) => cli(["--json", ...args], { cwd: root, env: { WASMFLOW_HOME: "" } });

test("build, task add and flow add use the configured folders, and the store lives where it says", {
  timeout: 60_000,
}, () => {
  const built = run("build");
  expect(built.code, built.stderr).toBe(0);
  expect(existsSync(join(root, "lib/build/math.wasm"))).toBe(true);
  const added = run("task", "add");
  expect(added.code, added.stderr).toBe(0);
  expect((added.json() as { tasks: { name: string }[] }).tasks.map((t) => t.name)).toEqual(["add", "fib", "greet"]);
  const flows = run("flow", "add");
  expect(flows.code, flows.stderr).toBe(0);
  expect(existsSync(join(root, "var/store"))).toBe(true);
  const result = run("flow", "run", "sum", "--input", '{"a": 2, "b": 40}');
  expect(result.code, result.stderr).toBe(0);
  expect(result.json()).toMatchObject({ run: { status: "succeeded", output: { total: 42 } } });
});

// Four compiler runs: slow on a busy machine.
test("build takes a definition file, a folder or a quoted glob as well as a name", { timeout: 120_000 }, () => {
  for (const target of ["lib/tasks/math/add.task.json", "lib/tasks/math", "lib/**/fib.task.json", "greet"]) {
    const built = run("build", target);
    expect(built.code, `${target}: ${built.stderr}`).toBe(0);
    // One source serves the three tasks: whichever is named, it compiles once, for all of them.
    expect(
      (built.json() as { modules: { tasks: string[] }[] }).modules.map((m) => m.tasks),
      target,
    ).toEqual([["add", "fib", "greet"]]);
  }
});

test("a folder or glob holding no definition is a usage error naming it, not a silent no-op", () => {
  const built = run("build", "lib/flows", "nothing/**/*.task.json");
  expect(built.code).toBe(2);
  expect(built.json()).toMatchObject({
    error: {
      code: "USAGE",
      issues: [
        { code: "NO_DEFINITIONS", path: "lib/flows" },
        { code: "NO_DEFINITIONS", path: "nothing/**/*.task.json" },
      ],
    },
  });
});

test("task add of a path that does not exist says so", () => {
  const added = run("task", "add", "lib/tasks/nosuch.task.json");
  expect(added.code).toBe(2);
  expect(added.json()).toMatchObject({ error: { code: "USAGE", issues: [{ code: "NO_DEFINITIONS" }] } });
});
