import { describe, expect, test } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";
import { definition, sdkModule } from "../helpers/task-modules.js";

async function project() {
  const p = tempProject("wf-cli-");
  p.write("build/demo.wasm", await sdkModule());
  p.write(
    "tasks/demo/demo.task.json",
    JSON.stringify(definition({ module: "../../build/demo.wasm", description: "demo task" })),
  );
  return p;
}

describe("wasmflow task …", () => {
  test("add, list, show, inspect and rm, with --json documents and exit codes", async () => {
    const p = await project();
    const opts = { cwd: p.root };
    const add = cli(["task", "add", "tasks/demo/demo.task.json", "--json"], opts);
    expect(add.code).toBe(0);
    expect(add.json()).toMatchObject({ tasks: [{ name: "demo", revision: 1, status: "created" }] });

    const list = cli(["task", "list", "--json"], opts);
    expect(list.json()).toMatchObject({ tasks: [{ name: "demo", abi: "sdk", input: "record{text: string}" }] });

    const show = cli(["task", "show", "demo@1", "--json"], opts);
    expect(show.json()).toMatchObject({
      task: { name: "demo", revisions: [1], definition: { description: "demo task" } },
    });

    const human = cli(["task", "show", "demo"], opts);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("demo@1");

    const inspect = cli(["task", "inspect", "demo", "--json"], opts);
    expect(inspect.json()).toMatchObject({
      exports: expect.arrayContaining([
        expect.objectContaining({ name: "run", kind: "func", type: { params: ["i32", "i32"], results: ["i32"] } }),
      ]),
      customSections: [{ name: "wasmflow.abi" }],
    });
    const inspectFile = cli(["task", "inspect", "build/demo.wasm"], opts);
    expect(inspectFile.stdout).toContain("run  func (i32, i32) -> i32");

    expect(cli(["task", "rm", "demo", "--json"], opts).json()).toEqual({
      removed: { reference: "demo", revisions: 1 },
    });
    expect(cli(["task", "list", "--json"], opts).json()).toEqual({ tasks: [] });
  });

  test("task add with no files registers every tasks/*/*.task.json of the project", async () => {
    const p = await project();
    p.write(
      "tasks/other/other.task.json",
      JSON.stringify(definition({ name: "other", module: "../../build/demo.wasm" })),
    );
    const result = cli(["task", "add", "--json"], { cwd: p.root });
    expect(result.json()).toMatchObject({ tasks: [{ name: "demo" }, { name: "other" }] });
    const empty = tempProject("wf-cli-");
    expect(cli(["task", "add", "--json"], { cwd: empty.root }).json()).toMatchObject({ error: { code: "USAGE" } });
  });

  test("--home and WASMFLOW_HOME choose the store", async () => {
    const p = await project();
    cli(["task", "add", "tasks/demo/demo.task.json", "--home", "store-a"], { cwd: p.root });
    const viaEnv = cli(["task", "list", "--json"], { cwd: p.root, env: { WASMFLOW_HOME: "store-a" } });
    expect(viaEnv.json()).toMatchObject({ tasks: [{ name: "demo" }] });
    expect(cli(["task", "list", "--json"], { cwd: p.root }).json()).toEqual({ tasks: [] });
  });

  test("a refused module exits 2 with one JSON error document listing the issues", async () => {
    const p = await project();
    p.write("build/demo.wasm", await sdkModule({ memory: "300 300", omitAlloc: true }));
    const result = cli(["task", "add", "tasks/demo/demo.task.json", "--json"], { cwd: p.root });
    expect(result.code).toBe(2);
    expect(result.json()).toMatchObject({
      error: {
        code: "TASK_INVALID",
        issues: [
          expect.objectContaining({ code: "MISSING_EXPORT" }),
          expect.objectContaining({ code: "MEMORY_INITIAL_OVER_LIMIT" }),
        ],
      },
    });
  });

  test.each([
    [["task", "frobnicate", "--json"], "USAGE"],
    [["task", "show", "--json"], "USAGE"],
    [["task", "show", "nope", "--json"], "TASK_NOT_FOUND"],
    [["task", "show", "Not A Name", "--json"], "USAGE"],
    [["task", "inspect", "missing.wasm", "--json"], "MODULE_MALFORMED"],
  ])("%j exits 2 with error code %s", (args, code) => {
    const p = tempProject("wf-cli-");
    const result = cli(args, { cwd: p.root });
    expect(result.code).toBe(2);
    expect(result.json()).toMatchObject({ error: { code } });
  });

  test("human errors go to stderr with their code", () => {
    const p = tempProject("wf-cli-");
    const result = cli(["task", "show", "nope"], { cwd: p.root });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("[TASK_NOT_FOUND]");
  });
});
