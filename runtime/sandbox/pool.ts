import type { Worker } from "node:worker_threads";
import type { TaskRunError } from "../errors/index.js";
import { BatchWatch } from "./batch-watch.js";
import { boardNow, CallBoard, CallState } from "./call-board.js";
import { CallQueue } from "./call-queue.js";
import type { CallExecutor, SubmitOptions } from "./executor.js";
import { type Batch, closeCall, isClosed, type Pending } from "./pool-calls.js";
import { poolErrors } from "./pool-errors.js";
import { type PoolOptions, type ResolvedPoolOptions, resolvePoolOptions } from "./pool-options.js";
import type { CallRequest, CallResponse } from "./protocol.js";
import { type AnswerMessage, encodeBatch, readAnswers, TargetTable } from "./wire/index.js";
import type { WorkerSlot } from "./worker-slot.js";
import { WorkerSlots } from "./worker-slots.js";

/** Largest number of calls sent to a worker in one message (a batch tracks its calls in one 32-bit mask). */
const maxBatch = 32;

/**
 * Worker threads running calls. The pool keeps its own bounded queue; when a worker is free it
 * hands it a batch — every waiting call up to a fair share, in one message — which the worker runs
 * one after another. A call's fate depends on that call alone:
 * - each call is timed from its own start (the worker claims it on a shared board, `CallBoard`,
 *   recording when); one that runs out of time or is cancelled while running has its worker
 *   terminated (the only way to stop a WebAssembly loop) and answers `TIMEOUT` or `CANCELLED`;
 * - once a call has run longer than `revokeAfterMs`, the calls batched behind it that have not
 *   started are taken back and handed to other workers, and those it finished whose answers are
 *   still held are run again elsewhere (calls are sandboxed and replayable; the first answer wins);
 * - when a worker dies, only the call running then answers for it; every other call of its batch
 *   runs again, as often as needed;
 * - a call running long does not take a worker from the others: a spare starts in its place.
 */
export class WorkerPool implements CallExecutor {
  readonly options: ResolvedPoolOptions;
  private readonly queue = new CallQueue<Pending>();
  private readonly targets = new TargetTable();
  private readonly board: CallBoard;
  private readonly workers: WorkerSlots;
  private readonly batches = new Map<WorkerSlot, Batch>();
  private seq = 0;
  private closed = false;
  private pumpScheduled = false;
  private readonly watch: BatchWatch;
  private drained: (() => void) | undefined;
  private broken: Error | undefined;
  /** Workers that exited while the pool was open, each replaced by a new one. */
  private workersReplaced = 0;

  constructor(options: PoolOptions = {}) {
    this.options = resolvePoolOptions(options);
    this.board = CallBoard.create(WorkerSlots.rows(this.options.threads), maxBatch);
    this.watch = new BatchWatch(this.board, this.options.revokeAfterMs, {
      batches: this.batches,
      requeue: (calls) => this.requeue(calls),
      longCallStarted: () => {
        if (this.workers.longCallStarted()) this.schedulePump();
      },
    });
    this.workers = new WorkerSlots(
      this.options.threads,
      {
        workerFile: workerUrl(this.options.workerFile),
        setup: {
          board: { buffer: this.board.buffer, slots: this.board.slots, maxBatch: this.board.maxBatch },
          flushAfterMs: this.options.flushAfterMs,
        },
        heapMb: this.options.workerHeapMb,
      },
      {
        ready: (slot) => this.onReady(slot),
        answers: (slot, message) => this.onAnswers(slot, message),
        exited: (slot, error) => this.onExit(slot, error),
      },
    );
  }

  /** Calls handed to a worker and not yet answered, and calls waiting, for progress displays and tests. */
  get load(): { running: number; queued: number; workersReplaced: number } {
    let running = 0;
    for (const batch of this.batches.values()) running += batch.open;
    return { running, queued: this.queue.size, workersReplaced: this.workersReplaced };
  }

  /** The live worker threads (diagnostics and fault-injection tests). */
  get threads(): readonly Worker[] {
    return this.workers.threadsAlive;
  }

  submit(request: CallRequest, options: SubmitOptions): Promise<CallResponse> {
    if (this.closed) return Promise.reject(poolErrors.closed("before the call"));
    if (this.broken !== undefined) return Promise.reject(poolErrors.cannotStart(this.broken));
    if (options.signal?.aborted === true) return Promise.reject(poolErrors.cancelled());
    return new Promise<CallResponse>((resolve, reject) => {
      // Calls of this turn wait in the queue until the hand-out (`schedulePump`); what the idle
      // workers (ready, or starting) will take then does not count against the bound.
      const idle = Math.max(0, this.options.threads - this.batches.size);
      if (this.queue.size >= this.options.maxQueue + idle * maxBatch) {
        reject(poolErrors.queueFull(this.options.maxQueue));
        return;
      }
      const pending: Pending = {
        request,
        options,
        resolve,
        reject,
        removed: false,
        queued: true,
        settled: false,
        alone: false,
      };
      const signal = options.signal;
      if (signal !== undefined) {
        pending.onAbort = () => this.cancel(pending);
        signal.addEventListener("abort", pending.onAbort, { once: true });
      }
      this.queue.push(pending);
      // A full batch goes out at once, so the worker starts while the caller is still submitting;
      // what is left of the turn is shared out at its end.
      if (this.queue.size >= maxBatch && this.workers.freeCount > 0) this.handOut(maxBatch);
      else this.schedulePump();
    });
  }

  /** Rejects waiting calls, lets the calls handed to workers finish, and stops the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (let pending = this.queue.shift(); pending !== undefined; pending = this.queue.shift()) {
      pending.queued = false;
      this.fail(pending, poolErrors.closed("before the call started"));
    }
    if (this.batches.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.watch.close();
    await this.workers.close();
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
    while (this.workers.freeCount > 0 && this.queue.size > 0) {
      // A fair share of the waiting calls for each free worker, so one worker does not take them all.
      this.handOut(Math.min(maxBatch, Math.ceil(this.queue.size / this.workers.freeCount)));
    }
  }

  /** Gives a free worker up to `share` waiting calls; a call that must run alone goes in a batch of its own. */
  private handOut(share: number): void {
    const calls: Pending[] = [];
    while (calls.length < share) {
      const next = this.queue.shift();
      if (next === undefined) break;
      next.queued = false;
      if (next.alone && calls.length > 0) {
        this.requeue([next]);
        break;
      }
      calls.push(next);
      if (next.alone) break;
    }
    const slot = this.workers.take();
    if (slot === undefined) this.requeue(calls);
    else if (calls.length > 0) this.start(slot, calls);
  }

  private start(slot: WorkerSlot, calls: Pending[]): void {
    const seq = ++this.seq;
    this.board.reset(slot.index, calls.length);
    // Posted before the pool's own bookkeeping, so the worker starts while the pool does it.
    slot.post(encodeBatch(seq, calls, this.targets, slot.knows));
    const batch = { seq, calls, closed: 0, open: calls.length, postedAt: boardNow(), revoked: false, long: false };
    this.batches.set(slot, batch);
    slot.busy();
    this.watch.posted(batch);
  }

  private onReady(slot: WorkerSlot): void {
    if (this.closed) return;
    this.workers.release(slot);
    this.schedulePump();
  }

  private onAnswers(slot: WorkerSlot, message: AnswerMessage): void {
    const batch = this.batches.get(slot);
    if (batch === undefined || batch.seq !== message.seq) return;
    readAnswers(message, (index, response) => {
      closeCall(batch, index);
      const pending = batch.calls[index] as Pending;
      if (response.status === "need-module") {
        // The worker has let go of the module (or forgotten the target): send both again.
        slot.knows.targets.delete(this.targets.of(pending.request).id);
        slot.knows.modules.delete(pending.request.module.hash);
        this.requeue([pending]);
        return;
      }
      this.settle(pending, response);
    });
    if (!message.final) return;
    this.endBatch(slot, batch);
    slot.idle();
    this.workers.release(slot);
    this.afterBatch();
  }

  /**
   * A worker is gone. The call it was running (or the one the pool stopped) answers for it; every
   * other unanswered call of its batch runs again. If no call was running, nothing tells which
   * call killed it: each runs again in a batch of its own, where a death is its own.
   */
  private onExit(slot: WorkerSlot, error: Error | undefined): void {
    // Every exit but the pool's own closing is a worker replaced: stopped on a timeout, a cancel
    // or a heap limit, or crashed.
    if (!this.closed) this.workersReplaced += 1;
    const batch = this.batches.get(slot);
    if (batch !== undefined) {
      this.endBatch(slot, batch);
      const culprit = batch.stop?.index ?? runningIndex(this.board, slot.index, batch.calls.length);
      const solo = batch.calls.length === 1;
      const again: Pending[] = [];
      batch.calls.forEach((pending, index) => {
        if (isClosed(batch, index) || pending.settled) return;
        if (index === culprit || (culprit === -1 && solo && pending.alone)) {
          const reason = index === culprit ? batch.stop?.reason : undefined;
          this.fail(pending, poolErrors.stopped(pending.request.task, pending.options.timeoutMs, reason, error));
          return;
        }
        if (culprit === -1) pending.alone = true;
        again.push(pending);
      });
      this.requeue(again);
    }
    this.workers.exited(slot);
    // Workers that cannot even start (a missing or broken worker file): fail fast rather than wait forever.
    if (!this.closed && this.workers.broken) {
      this.broken = error ?? new Error("the worker exited before it was ready");
      for (let pending = this.queue.shift(); pending !== undefined; pending = this.queue.shift()) {
        pending.queued = false;
        this.fail(pending, poolErrors.cannotStart(this.broken));
      }
    }
    this.afterBatch();
  }

  private endBatch(slot: WorkerSlot, batch: Batch): void {
    this.batches.delete(slot);
    if (batch.long) this.workers.longCallEnded();
  }

  private afterBatch(): void {
    if (this.batches.size === 0 && this.drained !== undefined) this.drained();
    if (this.queue.size > 0) this.schedulePump();
  }

  /** Cancels a call: dropped from the queue, revoked if its batch has not reached it, its worker stopped if it runs. */
  private cancel(pending: Pending): void {
    if (pending.settled) return;
    for (const [slot, batch] of this.batches) {
      const index = batch.calls.indexOf(pending);
      if (index === -1 || isClosed(batch, index)) continue;
      if (this.board.revoke(slot.index, index)) closeCall(batch, index);
      else if (this.board.state(slot.index, index) === CallState.running) this.watch.stop(slot, batch, index, "cancel");
    }
    this.fail(pending, poolErrors.cancelled());
  }

  /** Queues calls again ahead of those that never left the queue (they were handed out before them). */
  private requeue(calls: readonly Pending[]): void {
    for (let i = calls.length - 1; i >= 0; i--) {
      const pending = calls[i] as Pending;
      if (pending.settled || pending.queued) continue;
      if (this.closed) {
        this.fail(pending, poolErrors.closed("before the call could run again"));
        continue;
      }
      if (this.broken !== undefined) {
        this.fail(pending, poolErrors.cannotStart(this.broken));
        continue;
      }
      pending.queued = true;
      this.queue.unshift(pending);
    }
    if (calls.length > 0) this.schedulePump();
  }

  private settle(pending: Pending, response: CallResponse): void {
    if (!this.take(pending)) return;
    pending.resolve(response);
  }

  private fail(pending: Pending, error: TaskRunError): void {
    if (!this.take(pending)) return;
    pending.reject(error);
  }

  /** Marks a call settled (false if it already was), out of the queue and no longer listening to its signal. */
  private take(pending: Pending): boolean {
    if (pending.settled) return false;
    pending.settled = true;
    if (pending.queued) {
      pending.queued = false;
      this.queue.remove(pending);
    }
    if (pending.onAbort !== undefined) pending.options.signal?.removeEventListener("abort", pending.onAbort);
    return true;
  }
}

/** The call of a batch whose cell says it was running when its worker died; -1 if none. */
function runningIndex(board: CallBoard, slot: number, count: number): number {
  for (let index = 0; index < count; index++) if (board.state(slot, index) === CallState.running) return index;
  return -1;
}

function workerUrl(file: string): string | URL {
  return file.startsWith("file:") ? new URL(file) : file;
}
