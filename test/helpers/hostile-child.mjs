// A child process that runs one sdk-ABI module through the worker pool and prints what the call
// ended with as one JSON line on stdout, then exits 0:
//   {"kind":"output","output":…} or {"kind":"error","code":…,"trap"?:…,"message":…}
// With `register: true` it only registers the module (in-memory store) and prints
//   {"kind":"accepted"} or {"kind":"refused","codes":[…]}
//
// It exists so a test can run a hostile module without risking its own process: V8 aborts the
// whole process on some out-of-memory conditions, which a worker thread's resource limits do not
// contain. A parent that sees this child exit 0 with a typed result knows the pool's host survived.
// Running it does not register it: the run is unchecked, as if registration had been bypassed.
//
// Usage: node hostile-child.mjs <module.wasm> '<json>' with {workerHeapMb?, timeoutMs?, register?}
import { readFileSync } from "node:fs";
import {
  parseTaskDefinition,
  TaskRegistry,
  TaskRunError,
  TaskRunner,
  TaskValidationError,
  WorkerPool,
} from "../../dist/runtime/index.js";
import { Store } from "../../dist/runtime/store/index.js";

const [path, json] = process.argv.slice(2);
if (path === undefined) throw new Error("usage: node hostile-child.mjs <module.wasm> [json options]");
const config = JSON.parse(json ?? "{}");
const bytes = new Uint8Array(readFileSync(path));

const definition = parseTaskDefinition({
  name: "hostile",
  abi: "sdk",
  module: "hostile.wasm",
  input: { text: "string" },
  output: { words: "u32" },
  limits: { timeoutMs: config.timeoutMs ?? 2000, maxMemoryPages: 16 },
});

function print(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

if (config.register === true) {
  const store = Store.open({ home: ":memory:" });
  try {
    new TaskRegistry(store).register(definition, bytes);
    print({ kind: "accepted" });
  } catch (error) {
    if (!(error instanceof TaskValidationError)) throw error;
    print({ kind: "refused", codes: error.issues.map((issue) => issue.code) });
  } finally {
    store.close();
  }
} else {
  const task = { name: definition.name, definition, moduleHash: `hostile-${bytes.length}`, moduleBytes: () => bytes };
  const pool = new WorkerPool({ threads: 1, workerHeapMb: config.workerHeapMb ?? 64 });
  try {
    const result = await new TaskRunner(pool).run(task, { text: "a b c" });
    print({ kind: "output", output: result.output });
  } catch (error) {
    if (!(error instanceof TaskRunError)) throw error;
    const trap = error.details.kind;
    print({ kind: "error", code: error.code, ...(trap === undefined ? {} : { trap }), message: error.message });
  } finally {
    await pool.close();
  }
}
