// The worker-thread entry piscina loads: one ThreadRuntime per thread, one batch of calls per task.

import { workerData } from "node:worker_threads";
import { ThreadRuntime } from "./instance/index.js";
import { nowUs, ProgressBoard } from "./progress-board.js";
import type { CallBatch, CallResponse, WorkerSetup } from "./protocol.js";

const runtime = new ThreadRuntime();
const setup = workerData as WorkerSetup;
const board = new ProgressBoard(setup.board.buffer, setup.board.slots, setup.board.maxBatch);

export default function runBatch(batch: CallBatch): CallResponse[] {
  const responses: CallResponse[] = [];
  for (let index = 0; index < batch.calls.length; index += 1) {
    const call = batch.calls[index] as CallBatch["calls"][number];
    board.begin(batch.slot, index, nowUs());
    if (board.isCancelled(batch.slot, index)) {
      responses.push({
        status: "error",
        error: { code: "CANCELLED", message: "the call was cancelled" },
        logs: [],
        droppedLogs: 0,
      });
      continue;
    }
    responses.push(runtime.call(call));
  }
  return responses;
}
