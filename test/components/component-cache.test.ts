import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { forgetTranspiledComponents, transpileCacheKey } from "../../runtime/components/index.js";
import { TaskRunner, WorkerPool } from "../../runtime/sandbox/index.js";
import { Store } from "../../runtime/store/index.js";
import { parseTaskDefinition, type RegisteredTask, TaskRegistry } from "../../runtime/tasks/index.js";
import { callsComponent, sha256 } from "../sandbox/component/fixture.js";

const home = mkdtempSync(join(tmpdir(), "wf-component-cache-"));
const pool = new WorkerPool({ threads: 1 });
afterAll(async () => {
  await pool.close();
  rmSync(home, { recursive: true, force: true });
});

function runnable(registry: TaskRegistry, task: RegisteredTask) {
  return { ...task, moduleBytes: () => registry.moduleBytes(task) };
}

test("the transpiled component is cached beside the store, reused after a reopen and rebuilt when deleted", async () => {
  const bytes = await callsComponent();
  const folder = join(home, "cache", "components", transpileCacheKey(sha256(bytes)));
  const definition = parseTaskDefinition({
    name: "counter",
    abi: "component",
    module: "c.wasm",
    export: "count",
    input: "u32",
    output: "u32",
  });

  let store = Store.open({ home });
  let registry = new TaskRegistry(store);
  registry.commit([await registry.prepareAsync(definition, bytes)]);
  store.close();
  expect(readdirSync(folder).sort()).toEqual(["bindings.js", "component.core.wasm", "meta.json"]);
  const written = statSync(join(folder, "meta.json")).ino;

  // Reopened, in a process that holds nothing: the call runs from the folder, which stays as it was.
  forgetTranspiledComponents();
  store = Store.open({ home });
  registry = new TaskRegistry(store);
  await expect(new TaskRunner(pool).run(runnable(registry, registry.get("counter")), 0)).resolves.toMatchObject({
    output: 1,
  });
  expect(statSync(join(folder, "meta.json")).ino).toBe(written);

  // Deleted: the host transpiles again before the call, and writes the folder anew.
  rmSync(folder, { recursive: true });
  forgetTranspiledComponents();
  await expect(new TaskRunner(pool).run(runnable(registry, registry.get("counter")), 0)).resolves.toMatchObject({
    output: 1,
  });
  expect(existsSync(join(folder, "meta.json"))).toBe(true);
  store.close();
});
