import { join } from "node:path";
import { instantiate } from "@assemblyscript/loader";
import { beforeAll, expect, test } from "vitest";
import type { BuildEvent } from "../../runtime/build/index.js";
import { checkModule, loadTaskDefinition } from "../../runtime/tasks/index.js";
import { inspectModule } from "../../runtime/wasm/index.js";
import { compileTaskModule, requireHostMemory } from "../helpers/host-memory.js";
import { recordBuild } from "./build-events.js";
import { fixtureProject, readModule } from "./fixture-project.js";

let root: string;
let events: BuildEvent[];
let bytes: Uint8Array<ArrayBuffer>;

// Three plain definitions (add, fib, greet) share tasks/math/index.ts and build/math.wasm.
beforeAll(async () => {
  root = fixtureProject(["math"]);
  ({ events } = await recordBuild({ root }));
  bytes = readModule(root, "math");
});

test("definitions sharing a source compile once", () => {
  expect(events.filter((e) => e.type === "started")).toEqual([
    { type: "started", tasks: ["add", "fib", "greet"], source: "tasks/math/index.ts", module: "build/math.wasm" },
  ]);
});

test("the module passes registration for each definition, without a self-description", async () => {
  const info = inspectModule(bytes);
  expect(info.customSections.map((s) => s.name)).not.toContain("wasmflow.abi");
  for (const name of ["add", "fib", "greet"]) {
    const loaded = await loadTaskDefinition(join(root, `tasks/math/${name}.task.json`));
    expect(checkModule(loaded.definition, info)).toEqual([]);
  }
});

test("string parameters export the runtime, so the loader can call them", async () => {
  const { exports } = await instantiate<{
    add(a: number, b: number): number;
    fib(n: number): bigint;
    greet(name: number): number;
  }>(bytes, { env: { memory: requireHostMemory(compileTaskModule(bytes)) } });
  expect(exports.add(2, 3)).toBe(5);
  expect(exports.fib(90)).toBe(2880067194370816120n);
  expect(exports.__getString(exports.greet(exports.__newString("wasm")))).toBe("hello, wasm");
});
