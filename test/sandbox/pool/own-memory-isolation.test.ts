import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { memoryImport } from "../../../runtime/abi/index.js";
import { TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { prepareModule, runPtrLenCall, ThreadRuntime } from "../../../runtime/sandbox/instance/index.js";
import { ModuleCache } from "../../../runtime/sandbox/module-cache.js";
import { wat } from "../../helpers/wat.js";
import { boundedCLike, ptrLenTask } from "./ptr-len-fixture.js";

// A module that defines its own memory (the c-like fixture, with the maximum registration imposes)
// runs over the worker's pooled memory, its memory turned into an import. Each call must still
// find what a fresh instance of the module as written finds: nothing any call left behind.

// One worker, so every call lands on the same thread and the same pooled memory.
const pool = new WorkerPool({ threads: 1 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

let bytes: Uint8Array;
let bytesWithoutMaximum: Uint8Array;
beforeAll(async () => {
  bytes = await boundedCLike(16);
  bytesWithoutMaximum = await wat(`(module (memory (export "memory") 1) (func (export "f")))`);
});

/** The probe's four words: the word at 4096, the call counter, memory.size, the data segment's first byte. */
const words = (output: unknown) => Array.from(new Int32Array(new Uint8Array(output as Uint8Array).buffer));
const probe = () => ptrLenTask(bytes, "probe", { input: "bytes", output: "bytes" });
const grower = () => ptrLenTask(bytes, "grow", { input: "bytes", output: "bytes" });
const none = new Uint8Array();
const fresh = [0, 0, 2, 67];

describe("the module is compiled to import its memory, with the limits it defined", () => {
  test("the host's compiled form imports env.memory and carries those limits to the workers", () => {
    const compiled = new ModuleCache().get("c-like", () => bytes);
    expect(compiled.ref.memory).toEqual({ initial: 2, maximum: 16 });
    expect(WebAssembly.Module.imports(compiled.ref.module as WebAssembly.Module)).toEqual([
      { ...memoryImport, kind: "memory" },
    ]);
    expect(compiled.codeOffsetShift).toBeGreaterThan(0);
  });

  test("a module without a maximum, or importing its memory already, is compiled as it is", async () => {
    const cache = new ModuleCache();
    const noMaximum = cache.get("no-max", () => bytesWithoutMaximum);
    expect(noMaximum.ref.memory).toBeNull();
    expect(noMaximum.codeOffsetShift).toBe(0);
    const importing = await wat(`(module (import "env" "memory" (memory 1 4)) (func (export "f")))`);
    expect(cache.get("imports", () => importing).ref.memory).toEqual({ initial: 1, maximum: 4 });
  });
});

describe("a call cannot see what an earlier call left", () => {
  test("memory, globals, data segments and memory size are as a fresh instance finds them", async () => {
    const task = probe();
    for (let i = 0; i < 3; i++) expect(words((await runner.run(task, none)).output)).toEqual(fresh);
  });

  test("each call finds exactly what a fresh instance of the module as written finds", async () => {
    // The module as stored, with its own memory: a new instance and a new memory for every call.
    const written = prepareModule({
      hash: "c-like-written",
      module: new WebAssembly.Module(new Uint8Array(bytes)),
      memory: null,
    });
    const direct = [];
    for (let i = 0; i < 2; i++) {
      const outcome = runPtrLenCall(written, "probe", none);
      if (outcome.status !== "ok") throw new Error(outcome.error.message);
      direct.push(words(outcome.output));
    }
    const pooled = [];
    for (let i = 0; i < 2; i++) pooled.push(words((await runner.run(probe(), none)).output));
    expect(pooled).toEqual(direct);
  });

  test("growing reaches the maximum and then fails, as with the module's own memory", async () => {
    expect(words((await runner.run(grower(), none)).output)).toEqual([16, -1]);
    // The memory that call grew was dropped: the next one starts at the initial size.
    expect(words((await runner.run(probe(), none)).output)).toEqual(fresh);
  });

  test('instance: "reuse" keeps the state, which is what it gives up', async () => {
    const task = probe();
    expect(words((await runner.run(task, none, { instance: "reuse" })).output)).toEqual(fresh);
    expect(words((await runner.run(task, none, { instance: "reuse" })).output)).toEqual([42, 1, 3, 88]);
  });
});

test("a trap's offsets in the compiled form, less the shift, are its offsets in the stored module", async () => {
  const trapping = await wat(`(module
    (memory (export "memory") 1 4)
    (func (export "alloc") (param i32) (result i32) (i32.const 0))
    (func $deep (result i64) unreachable)
    (func (export "run") (param i32 i32) (result i64) (call $deep)))`);
  const direct = runPtrLenCall(
    prepareModule({ hash: "direct", module: new WebAssembly.Module(new Uint8Array(trapping)), memory: null }),
    "run",
    none,
  );
  if (direct.status !== "error" || direct.offsets === undefined) throw new Error("expected a trap with offsets");
  const compiled = new ModuleCache().get("trapping", () => trapping);
  const response = new ThreadRuntime().call({
    abi: "ptr-len",
    task: "trapping",
    module: compiled.ref,
    entry: "run",
    seed: 0,
    instance: "fresh",
    maxOutputBytes: 1024,
    input: none,
  });
  if (response.status !== "error" || response.error.offsets === undefined) throw new Error("expected a trap");
  expect(compiled.codeOffsetShift).not.toBe(0);
  expect(response.error.offsets.map((o) => o - compiled.codeOffsetShift)).toEqual(direct.offsets);
});
