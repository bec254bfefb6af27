import type { Worker } from "node:worker_threads";
import { Piscina } from "piscina";
import { TaskRunError } from "../errors/index.js";
import { CallQueue } from "./call-queue.js";
import type { CallExecutor, SubmitOptions } from "./executor.js";
import { type PoolOptions, type ResolvedPoolOptions, resolvePoolOptions } from "./pool-options.js";
import { nowUs, ProgressBoard } from "./progress-board.js";
import type { CallBatch, CallRequest, CallResponse, WorkerSetup } from "./protocol.js";

interface Pending {
  readonly request: CallRequest;
  readonly options: SubmitOptions;
  readonly resolve: (response: CallResponse) => void;
  readonly reject: (error: TaskRunError) => void;
  /** Removed from the queue, or answered while its batch was still out. */
  removed: boolean;
  /** Times its batch's worker died under another call before this one could finish. */
  replays: number;
  onAbort?: () => void;
}

interface Batch {
  readonly slot: number;
  readonly calls: readonly Pending[];
  readonly controller: AbortController;
  timer: NodeJS.Timeout | undefined;
  /** Why the pool stopped the batch's worker, and at which call. */
  stop?: { readonly reason: "timeout" | "cancel"; readonly index: number };
}

/**
 * Largest number of calls sent to a worker in one message. (Posting a second batch to a busy
 * worker, so it never waits for the main thread, measured slower here: 11.4k vs 13.4k calls/s.)
 */
const maxBatch = 32;
/** A worker that dies under other calls: the calls that did not cause it run again at most this often. */
const maxReplays = 2;

/**
 * Worker threads running calls. The pool keeps its own bounded queue; when a worker is free it
 * hands it a batch — every waiting call up to a fair share, in one message — which the worker runs
 * one after another. Each call is still timed from its own start: the worker records on a shared
 * progress board which call runs and since when, and the pool's one timer per batch reads it. A
 * call that runs out of time or is cancelled while running gets its worker terminated (the only
 * way to stop a WebAssembly loop; piscina starts a replacement); the other calls of that batch,
 * whose answers died with it, are queued again — calls are sandboxed, so running one again is safe.
 */
export class WorkerPool implements CallExecutor {
  readonly options: ResolvedPoolOptions;
  private readonly piscina: Piscina<CallBatch, CallResponse[]>;
  private readonly queue = new CallQueue<Pending>();
  private readonly board: ProgressBoard;
  private readonly freeSlots: number[];
  private running = 0;
  private closed = false;
  private pumpScheduled = false;

  constructor(options: PoolOptions = {}) {
    this.options = resolvePoolOptions(options);
    this.board = ProgressBoard.create(this.options.threads, maxBatch);
    this.freeSlots = Array.from({ length: this.options.threads }, (_, slot) => slot);
    const setup: WorkerSetup = {
      board: { buffer: this.board.buffer, slots: this.board.slots, maxBatch: this.board.maxBatch },
    };
    this.piscina = new Piscina<CallBatch, CallResponse[]>({
      filename: this.options.workerFile,
      minThreads: this.options.threads,
      maxThreads: this.options.threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: setup,
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb, maxYoungGenerationSizeMb: 16 },
    });
    // A worker dying with no call on it is replaced by piscina; there is no caller to tell.
    this.piscina.on("error", () => {});
  }

  /** Calls running (handed to a worker) and waiting, for progress displays and tests. */
  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.queue.size };
  }

  /** The live worker threads (diagnostics and fault-injection tests). */
  get threads(): readonly Worker[] {
    return this.piscina.threads;
  }

  submit(request: CallRequest, options: SubmitOptions): Promise<CallResponse> {
    if (this.closed) return Promise.reject(new TaskRunError("CANCELLED", "the pool is closed"));
    if (options.signal?.aborted === true) return Promise.reject(cancelled());
    return new Promise<CallResponse>((resolve, reject) => {
      const pending: Pending = { request, options, resolve, reject, removed: false, replays: 0 };
      // Calls of this turn wait in the queue until the hand-out (`schedulePump`); what the free
      // workers will take then does not count against the bound.
      if (this.queue.size >= this.options.maxQueue + this.freeSlots.length * maxBatch) {
        reject(
          new TaskRunError("QUEUE_FULL", `the pool's queue is full (${this.options.maxQueue} calls waiting)`, {
            maxQueue: this.options.maxQueue,
          }),
        );
        return;
      }
      this.enqueue(pending);
      this.schedulePump();
    });
  }

  /** Rejects waiting calls, lets running ones finish, and stops the workers. */
  async close(): Promise<void> {
    this.closed = true;
    for (let pending = this.queue.shift(); pending !== undefined; pending = this.queue.shift()) {
      this.detach(pending);
      pending.reject(new TaskRunError("CANCELLED", "the pool was closed before the call started"));
    }
    await this.piscina.close();
  }

  private enqueue(pending: Pending): void {
    const signal = pending.options.signal;
    if (signal !== undefined && pending.onAbort === undefined) {
      pending.onAbort = () => this.cancel(pending);
      signal.addEventListener("abort", pending.onAbort, { once: true });
    }
    pending.removed = false;
    this.queue.push(pending);
  }

  /**
   * Hands out work once the calls submitted in this turn are all queued, not at the first of them:
   * a burst then goes out as one full batch per worker instead of a one-call batch followed by the
   * rest, and every batch posted costs a message and a wake-up of its worker.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.freeSlots.length > 0 && this.queue.size > 0) {
      // A fair share of the waiting calls for each free worker, so one worker does not take them all.
      const share = Math.min(maxBatch, Math.ceil(this.queue.size / this.freeSlots.length));
      const calls: Pending[] = [];
      while (calls.length < share) {
        const next = this.queue.shift();
        if (next === undefined) break;
        calls.push(next);
      }
      if (calls.length === 0) return;
      this.start(calls);
    }
  }

  private start(calls: Pending[]): void {
    const slot = this.freeSlots.pop() as number;
    this.board.reset(slot);
    const batch: Batch = { slot, calls, controller: new AbortController(), timer: undefined };
    for (const pending of calls) batchOf.set(pending, batch);
    this.running += calls.length;
    this.watch(batch);
    this.piscina.run({ slot, calls: calls.map((p) => p.request) }, { signal: batch.controller.signal }).then(
      (responses) => this.finish(batch, responses, undefined),
      (error: unknown) => this.finish(batch, undefined, error),
    );
  }

  /**
   * Checks the batch's running call against its own timeout, and sleeps until that call's
   * deadline. Before the worker has picked the batch up, the first call's timeout counts from now.
   */
  private watch(batch: Batch): void {
    const { index, startedUs } = this.board.running(batch.slot);
    const at = Math.max(index, 0);
    const call = batch.calls[at] as Pending;
    const now = nowUs();
    const deadline =
      index < 0 ? now + BigInt(call.options.timeoutMs) * 1000n : startedUs + BigInt(call.options.timeoutMs) * 1000n;
    if (index >= 0 && now >= deadline) {
      batch.stop = { reason: "timeout", index };
      batch.controller.abort();
      return;
    }
    const waitMs = Number(deadline - now) / 1000 + 1;
    batch.timer = setTimeout(() => this.watch(batch), waitMs);
  }

  /** Cancels a call: dropped from the queue, skipped if its batch has not reached it, its worker stopped if it runs. */
  private cancel(pending: Pending): void {
    if (pending.removed) return;
    const batch = batchOf.get(pending);
    if (batch === undefined) {
      this.queue.remove(pending);
      this.detach(pending);
      pending.reject(cancelled());
      return;
    }
    const index = batch.calls.indexOf(pending);
    const { index: runningIndex } = this.board.running(batch.slot);
    if (index === runningIndex) {
      batch.stop ??= { reason: "cancel", index };
      batch.controller.abort();
      return;
    }
    // Not started yet (the worker skips it) or already done (its answer is dropped).
    if (index > runningIndex) this.board.cancel(batch.slot, index);
    pending.removed = true;
    this.detach(pending);
    pending.reject(cancelled());
  }

  private finish(batch: Batch, responses: CallResponse[] | undefined, error: unknown): void {
    if (batch.timer !== undefined) clearTimeout(batch.timer);
    const { index: runningIndex } = this.board.running(batch.slot);
    this.freeSlots.push(batch.slot);
    this.running -= batch.calls.length;
    batch.calls.forEach((pending, index) => {
      batchOf.delete(pending);
      if (pending.removed) return;
      const response = responses?.[index];
      if (response !== undefined) {
        this.detach(pending);
        pending.resolve(response);
        return;
      }
      // The worker died: the call that was running answers for it; the others run again.
      const culprit = batch.stop?.index ?? runningIndex;
      if (index === culprit || pending.replays >= maxReplays || this.closed) {
        this.detach(pending);
        pending.reject(stopError(index === culprit ? batch.stop?.reason : undefined, error, pending));
        return;
      }
      pending.replays += 1;
      this.enqueue(pending);
    });
    this.pump();
  }

  private detach(pending: Pending): void {
    if (pending.onAbort !== undefined) pending.options.signal?.removeEventListener("abort", pending.onAbort);
  }
}

// Which batch a call was handed to, while it is out.
const batchOf = new WeakMap<Pending, Batch>();

function cancelled(): TaskRunError {
  return new TaskRunError("CANCELLED", "the call was cancelled");
}

function stopError(reason: "timeout" | "cancel" | undefined, error: unknown, pending: Pending): TaskRunError {
  const task = pending.request.task;
  const timeoutMs = pending.options.timeoutMs;
  if (reason === "timeout") {
    return new TaskRunError("TIMEOUT", `task "${task}" ran past its ${timeoutMs} ms timeout; its worker was replaced`, {
      task,
      timeoutMs,
    });
  }
  if (reason === "cancel")
    return new TaskRunError("CANCELLED", `task "${task}" was cancelled; its worker was replaced`, { task });
  const message = error instanceof Error ? error.message : String(error);
  return new TaskRunError("WORKER_CRASHED", `the worker running task "${task}" died: ${message}`, {
    task,
    cause: message,
  });
}
