import { join } from "node:path";
import { beforeAll, expect, inject, test } from "vitest";
import { buildTasks } from "../../runtime/build/index.js";
import { InThreadExecutor, TaskRunner } from "../../runtime/sandbox/index.js";
import { checkModule, loadTaskDefinition, type TaskDefinition } from "../../runtime/tasks/index.js";
import { inspectModule, type ModuleInfo } from "../../runtime/wasm/index.js";
import { fixtureProject, readModule } from "./fixture-project.js";

// Registration refuses tables without a maximum; the AssemblyScript the build runs must never
// emit one. The fixture calls through a virtual method and through function values.
let bytes: Uint8Array;
let info: ModuleInfo;
let definition: TaskDefinition;

beforeAll(async () => {
  let root = inject("asFixtureRoot");
  if (root === undefined) {
    root = fixtureProject(["indirect"]);
    await buildTasks({ root });
  }
  bytes = readModule(root, "indirect");
  info = inspectModule(bytes);
  definition = (await loadTaskDefinition(join(root, "tasks/indirect/indirect.task.json"))).definition;
});

test("the module has a function table, and it declares its size as its maximum", () => {
  expect(info.tables).toHaveLength(1);
  const limits = info.tables[0]?.limits;
  expect(limits?.maximum).toBe(limits?.initial);
});

test("registration accepts it", () => {
  expect(checkModule(definition, info)).toEqual([]);
});

test("its indirect calls work", async () => {
  const task = { name: definition.name, definition, moduleHash: "indirect", moduleBytes: () => bytes };
  const result = await new TaskRunner(new InThreadExecutor()).run(task, { text: "ab cd e", double: true });
  expect(result.output).toEqual({ words: 6, chars: 14 });
});
