import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "vitest";
import { databaseFileName } from "../../runtime/store/index.js";
import { loadTaskDefinition, TaskRegistry } from "../../runtime/tasks/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { tempProject } from "../helpers/project.js";
import { definition, sdkModule } from "../helpers/task-modules.js";

// `get("name")` keeps the latest revision between calls; these check it never serves a stale one.

async function project() {
  const p = tempProject();
  p.write("build/demo.wasm", await sdkModule());
  const file = p.write("tasks/demo/demo.task.json", JSON.stringify(definition({ module: "../../build/demo.wasm" })));
  return { ...p, file };
}

test("a revision registered by another connection (another process) is seen at once", async () => {
  const p = await project();
  const reader = Wasmflow.open({ home: p.home, root: p.root });
  const writer = Wasmflow.open({ home: p.home, root: p.root });
  await writer.addTasks([p.file]);
  expect(reader.tasks.get("demo").revision).toBe(1);
  p.write(
    "tasks/demo/demo.task.json",
    JSON.stringify(definition({ module: "../../build/demo.wasm", version: "2.0.0" })),
  );
  await writer.addTasks([p.file]);
  expect(reader.tasks.get("demo").revision).toBe(2);
  writer.tasks.remove("demo@2");
  expect(reader.tasks.get("demo").revision).toBe(1);
  await writer.close();
  await reader.close();
});

test("a revision registered through another registry on the same connection is seen at once", async () => {
  const p = await project();
  const wf = Wasmflow.open({ home: p.home, root: p.root });
  await wf.addTasks([p.file]);
  expect(wf.tasks.get("demo").revision).toBe(1);
  const other = new TaskRegistry(wf.store);
  p.write(
    "tasks/demo/demo.task.json",
    JSON.stringify(definition({ module: "../../build/demo.wasm", version: "3.0.0" })),
  );
  const [created] = other.commit([await other.prepareLoaded(await loadTaskDefinition(p.file), p.root)]);
  expect(created?.task.revision).toBe(2);
  expect(wf.tasks.get("demo").revision).toBe(2);
  other.remove("demo");
  expect(() => wf.tasks.get("demo")).toThrow(expect.objectContaining({ code: "TASK_NOT_FOUND" }));
  await wf.close();
});

test("a commit by a connection outside this process is seen within a millisecond", async () => {
  const p = await project();
  const wf = Wasmflow.open({ home: p.home, root: p.root });
  await wf.addTasks([p.file]);
  p.write(
    "tasks/demo/demo.task.json",
    JSON.stringify(definition({ module: "../../build/demo.wasm", version: "2.0.0" })),
  );
  await wf.addTasks([p.file]);
  expect(wf.tasks.get("demo").revision).toBe(2);
  // A plain SQLite connection stands for another process: it bumps no generation of ours.
  const outside = new Database(join(p.home, databaseFileName));
  outside.prepare("UPDATE tasks SET removed_at = ? WHERE name = 'demo' AND revision = 2").run(new Date().toISOString());
  outside.close();
  await new Promise((resolve) => setTimeout(resolve, 2));
  expect(wf.tasks.get("demo").revision).toBe(1);
  await wf.close();
});
