// The worker-thread entry: answers the batches of calls the pool posts, for the pool's slot named
// in its setup, until the pool terminates the thread or lets it go.

import { parentPort, workerData } from "node:worker_threads";
import { CallBoard } from "./call-board.js";
import { ThreadRuntime } from "./instance/index.js";
import { answersWithBytes, type FromWorker, type ToWorker, type WorkerSetup } from "./protocol.js";
import { AnswerWriter, type BatchMessage, BatchReader } from "./wire/index.js";

// Outputs are copied into the answers right after each call, so they need not be copied out first.
const runtime = new ThreadRuntime({ borrowOutputs: true });
const setup = workerData as WorkerSetup;
const reader = new BatchReader();
const answers = new AnswerWriter();
const board = new CallBoard(setup.board.buffer, setup.board.slots, setup.board.maxBatch);
// The board's clock (`boardNow`) from the `performance.now()` the loop reads anyway.
const origin = performance.timeOrigin;
const port = parentPort;
if (port === null) throw new Error("the sandbox worker must run in a worker thread");

port.on("message", (message: ToWorker) => {
  if (message.type === "batch") runBatch(message);
  else port.close();
});
post({ type: "ready" });

/**
 * Runs the calls of a batch one after another, each only if it can claim it on the board (the
 * pool may have revoked it to run elsewhere). Answers are held and posted together, but never
 * held longer than `flushAfterMs` once another call is about to start: a call that then runs long
 * keeps only the answers of the last moments waiting behind it.
 */
function runBatch(batch: BatchMessage): void {
  const calls = reader.read(batch);
  let posted = performance.now();
  for (let index = 0; index < calls.length; index++) {
    const now = performance.now();
    if (answers.size > 0 && now - posted >= setup.flushAfterMs) {
      post(answers.take(batch.seq, false));
      posted = now;
    }
    if (!board.claim(setup.slot, index, origin + now)) continue;
    const call = calls[index];
    // A call naming a target this thread has forgotten is sent again with it.
    const response = call === undefined ? needModule : runtime.call(call);
    // The pool is stopping this call (its time is up, or it was cancelled) and terminates this
    // thread: nothing more may start here.
    if (!board.finish(setup.slot, index)) return;
    answers.add(index, response, call !== undefined && answersWithBytes(call));
  }
  post(answers.take(batch.seq, true));
}

const needModule = { status: "need-module", hash: "" } as const;

function post(message: FromWorker): void {
  port?.postMessage(message);
}
