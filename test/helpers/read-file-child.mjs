// A child process that hands one path to one library entry point and prints how that ended, as
// one JSON line on stdout: {"kind":"accepted"} or {"kind":"refused","error":{code,issues,details…}}.
//
// It exists so that a test can hand the library a FIFO or a device without risking its own
// process: a read that waits forever would hold a thread of the test runner, where this child is
// simply killed by its parent's timeout.
//
// Usage: node read-file-child.mjs <entry> <path> <home>
import { readJsonInput } from "../../dist/runtime/cli/read-input.js";
import {
  inspectModuleFile,
  loadFlowDefinition,
  loadTaskDefinition,
  Wasmflow,
  WasmflowError,
} from "../../dist/runtime/index.js";

/** Opens a runtime whose project root is `/`, so that a definition may name a module anywhere. */
async function withRuntime(home, use) {
  const wf = Wasmflow.open({ home, root: "/" });
  try {
    return await use(wf);
  } finally {
    await wf.close();
  }
}

const entries = {
  inspectModuleFile: (path) => inspectModuleFile(path),
  addTasks: (path, home) => withRuntime(home, (wf) => wf.addTasks([path])),
  runDefinition: (path, home) => withRuntime(home, (wf) => wf.runDefinition(path, { text: "a" })),
  loadTaskDefinition: (path) => loadTaskDefinition(path),
  loadFlowDefinition: (path) => loadFlowDefinition(path),
  readJsonInput: (path) => readJsonInput({ inputFile: path }),
};

const [name, path, home] = process.argv.slice(2);
const entry = entries[name];
if (entry === undefined || path === undefined || home === undefined) {
  throw new Error(`usage: node read-file-child.mjs <${Object.keys(entries).join("|")}> <path> <home>`);
}
try {
  await entry(path, home);
  process.stdout.write(`${JSON.stringify({ kind: "accepted" })}\n`);
} catch (error) {
  if (!(error instanceof WasmflowError)) throw error;
  process.stdout.write(`${JSON.stringify({ kind: "refused", error: error.toJSON() })}\n`);
}
