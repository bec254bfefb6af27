// The file piscina loads in each worker. piscina tries `require()` first; requiring the ES module
// graph of the runtime directly goes through Node's require(esm), which can abort the whole
// process if a worker is terminated while that graph is being instantiated. This CommonJS entry
// loads the runtime with `import()` instead, once, on the first batch.

import type { CallBatch, CallResponse } from "./protocol.js";

type RunBatch = (batch: CallBatch) => CallResponse[];

let runBatch: Promise<RunBatch> | undefined;

module.exports = async function run(batch: CallBatch): Promise<CallResponse[]> {
  runBatch ??= import("./worker.js").then((worker: { default: RunBatch }) => worker.default);
  return (await runBatch)(batch);
};
