import { afterAll, beforeAll, expect, test } from "vitest";
import { TaskRunError } from "../../runtime/errors/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";
import { watFixture } from "../wasm/fixtures.js";

// A C-like module — its own memory, exported, no maximum — registered through the public API:
// the task's limit is imposed and shown, a grow bomb in it ends as MEMORY_LIMIT at that limit, and
// the pool serves the next call.

const pageBytes = 65_536;
const project = tempProject("wf-own-memory-");
let wf: Wasmflow;

beforeAll(async () => {
  project.write("build/c-like.wasm", await watFixture("c-like.wat"));
  const task = (name: string, entry: string, types: string) => ({
    name,
    abi: "ptr-len",
    module: "../../build/c-like.wasm",
    export: entry,
    input: types,
    output: types,
    limits: { maxMemoryPages: 16 },
  });
  project.write("tasks/shout/shout.task.json", JSON.stringify(task("shout", "upper", "string")));
  project.write("tasks/shout/bomb.task.json", JSON.stringify(task("bomb", "bomb", "bytes")));
  wf = Wasmflow.open({ home: project.home, root: project.root, pool: { threads: 1 } });
  const results = await wf.addTasks([
    `${project.root}/tasks/shout/shout.task.json`,
    `${project.root}/tasks/shout/bomb.task.json`,
  ]);
  expect(results.map((r) => r.status)).toEqual(["created", "created"]);
});
afterAll(() => wf.close());

test("the registered task says the limit was imposed, and its stored module has it", () => {
  const task = wf.tasks.get("shout");
  expect(task.memoryMaximumImposed).toEqual({ pages: 16, declared: null });
  expect(wf.tasks.inspect("shout").memories).toEqual([{ initial: 2, maximum: 16, shared: false, index64: false }]);
});

test("task show says so, in text and in --json", () => {
  const text = cli(["task", "show", "shout"], { cwd: project.root });
  expect(text.code, text.stderr).toBe(0);
  expect(text.stdout).toContain("memory maximum imposed: 16 pages (module declared none)");
  const json = cli(["task", "show", "shout", "--json"], { cwd: project.root });
  expect(json.json()).toMatchObject({
    task: { name: "shout", abi: "ptr-len", memoryMaximumImposed: { pages: 16, declared: null } },
  });
});

test("a grow bomb ends as MEMORY_LIMIT at the imposed maximum, and the pool serves the next call", async () => {
  const error = await wf.run("bomb", new Uint8Array()).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TaskRunError);
  expect(error).toMatchObject({
    code: "MEMORY_LIMIT",
    details: { memoryBytes: 16 * pageBytes, maximumBytes: 16 * pageBytes, trap: "out_of_bounds_memory" },
  });
  expect((await wf.run("shout", "hello, sandbox")).output).toBe("HELLO, SANDBOX");
  await expect(wf.run("bomb", new Uint8Array())).rejects.toMatchObject({ code: "MEMORY_LIMIT" });
  expect((await wf.run("shout", "again")).output).toBe("AGAIN");
});
