import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import type { BuildResult } from "../../runtime/build/index.js";
import { checkModule, loadTaskDefinition } from "../../runtime/tasks/index.js";
import { inspectModule, type ModuleInfo } from "../../runtime/wasm/index.js";
import { recordBuild } from "./build-events.js";
import { fixtureProject, readModule } from "./fixture-project.js";

let root: string;
let info: ModuleInfo;
let result: BuildResult;

// host-calls declares limits.maxMemoryPages 8 and export "talk".
beforeAll(async () => {
  root = fixtureProject(["host-calls"]);
  result = (await recordBuild({ root })).outcome as BuildResult;
  info = inspectModule(readModule(root, "host-calls"));
});

test("the memory declares the definition's maxMemoryPages as its maximum", () => {
  expect(info.memories).toEqual([expect.objectContaining({ maximum: 8 })]);
});

test("the wasmflow.abi section describes the entry and the canonical types", () => {
  const sections = info.customSections.filter((s) => s.name === "wasmflow.abi");
  expect(sections).toHaveLength(1);
  expect(JSON.parse(new TextDecoder().decode(sections[0]?.data))).toEqual({
    abi: 1,
    export: "talk",
    input: "record{message: string, stop: bool}",
    output: "record{logged: u32}",
  });
});

test("the module exports the sdk ABI and imports only what the host provides, memory included", () => {
  expect(info.exports.map((e) => e.name).sort()).toEqual(["memory", "talk", "wasmflow_alloc"]);
  for (const entry of info.imports)
    expect(["env.abort", "wasmflow.log", "wasmflow.fail", "env.memory"]).toContain(`${entry.module}.${entry.name}`);
  expect(info.imports).toContainEqual(expect.objectContaining({ module: "env", name: "memory", kind: "memory" }));
});

test("registration accepts the module against its definition", async () => {
  const loaded = await loadTaskDefinition(join(root, "tasks/host-calls/host-calls.task.json"));
  expect(checkModule(loaded.definition, info)).toEqual([]);
});

test("the result reports the module, its size and the generated files", () => {
  expect(result.modules).toEqual([
    {
      tasks: ["host-calls"],
      source: join(root, "tasks/host-calls/index.ts"),
      module: join(root, "build/host-calls.wasm"),
      bytes: info.size,
      ms: expect.any(Number),
      generated: [join(root, "tasks/host-calls/index.gen.ts"), join(root, "tasks/host-calls/index.entry.gen.ts")],
      warnings: [],
    },
  ]);
});
