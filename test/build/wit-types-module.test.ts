import { join } from "node:path";
import { expect, inject, test } from "vitest";
import { buildTasks } from "../../runtime/build/index.js";
import { checkModule, loadTaskDefinition } from "../../runtime/tasks/index.js";
import { inspectModule } from "../../runtime/wasm/index.js";
import { fixtureProject, readModule } from "./fixture-project.js";

// wit-types declares a record holding every WIT kind, for input and output alike.
test("a module built from WIT kinds describes them canonically and registers against its definition", async () => {
  let root = inject("asFixtureRoot");
  if (root === undefined) {
    root = fixtureProject(["wit-types"]);
    await buildTasks({ root });
  }
  const loaded = await loadTaskDefinition(join(root, "tasks/wit-types/wit-types.task.json"));
  const info = inspectModule(readModule(root, "wit-types"));
  const section = info.customSections.find((s) => s.name === "wasmflow.abi");
  const described = JSON.parse(new TextDecoder().decode(section?.data)) as { input: string };
  expect(described.input).toContain(
    "shape: variant{circle(f64), square(record{side: f64}), point, big(u64), named(string)}",
  );
  expect(described.input).toContain("done: result, failure: result<_, string>, total: result<u64>");
  expect(checkModule(loaded.definition, info)).toEqual([]);
});
