import type { Worker } from "node:worker_threads";
import { Piscina } from "piscina";
import { TaskRunError } from "../errors/index.js";
import { CallQueue } from "./call-queue.js";
import type { CallExecutor, SubmitOptions } from "./executor.js";
import { type PoolOptions, type ResolvedPoolOptions, resolvePoolOptions } from "./pool-options.js";
import type { CallRequest, CallResponse } from "./protocol.js";

interface Pending {
  readonly request: CallRequest;
  readonly options: SubmitOptions;
  readonly resolve: (response: CallResponse) => void;
  readonly reject: (error: TaskRunError) => void;
  removed: boolean;
  onAbort?: () => void;
}

/**
 * Worker threads running calls, one at a time each. The pool keeps its own bounded queue and
 * hands piscina a call only when a worker is free, so a call's timeout measures its own
 * instantiation and run, not time spent waiting behind others. A timeout or cancellation of a
 * running call terminates its worker (the only way to stop a WebAssembly loop); piscina starts a
 * replacement.
 */
export class WorkerPool implements CallExecutor {
  readonly options: ResolvedPoolOptions;
  private readonly piscina: Piscina<CallRequest, CallResponse>;
  private readonly queue = new CallQueue<Pending>();
  private running = 0;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.options = resolvePoolOptions(options);
    this.piscina = new Piscina<CallRequest, CallResponse>({
      filename: this.options.workerFile,
      minThreads: this.options.threads,
      maxThreads: this.options.threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: Number.POSITIVE_INFINITY,
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb, maxYoungGenerationSizeMb: 16 },
    });
    // A worker dying with no call on it is replaced by piscina; there is no caller to tell.
    this.piscina.on("error", () => {});
  }

  /** Calls running and waiting, for progress displays and tests. */
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
      const pending: Pending = { request, options, resolve, reject, removed: false };
      if (this.running < this.options.threads) {
        this.start(pending);
        return;
      }
      if (this.queue.size >= this.options.maxQueue) {
        reject(
          new TaskRunError("QUEUE_FULL", `the pool's queue is full (${this.options.maxQueue} calls waiting)`, {
            maxQueue: this.options.maxQueue,
          }),
        );
        return;
      }
      const signal = options.signal;
      if (signal !== undefined) {
        pending.onAbort = () => {
          this.queue.remove(pending);
          reject(cancelled());
        };
        signal.addEventListener("abort", pending.onAbort, { once: true });
      }
      this.queue.push(pending);
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

  private start(pending: Pending): void {
    this.detach(pending);
    this.running += 1;
    const { timeoutMs, signal } = pending.options;
    const controller = new AbortController();
    let stopReason: "timeout" | "cancel" | undefined;
    const timer = setTimeout(() => {
      stopReason = "timeout";
      controller.abort();
    }, timeoutMs);
    const onCancel = () => {
      stopReason ??= "cancel";
      controller.abort();
    };
    signal?.addEventListener("abort", onCancel, { once: true });
    this.piscina.run(pending.request, { signal: controller.signal }).then(
      (response) => this.finish(timer, signal, onCancel, () => pending.resolve(response)),
      (error: unknown) =>
        this.finish(timer, signal, onCancel, () => pending.reject(stopError(stopReason, error, pending, timeoutMs))),
    );
  }

  private finish(
    timer: NodeJS.Timeout,
    signal: AbortSignal | undefined,
    onCancel: () => void,
    settle: () => void,
  ): void {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onCancel);
    this.running -= 1;
    settle();
    this.pump();
  }

  private pump(): void {
    while (this.running < this.options.threads) {
      const next = this.queue.shift();
      if (next === undefined) return;
      this.start(next);
    }
  }

  private detach(pending: Pending): void {
    if (pending.onAbort !== undefined) pending.options.signal?.removeEventListener("abort", pending.onAbort);
  }
}

function cancelled(): TaskRunError {
  return new TaskRunError("CANCELLED", "the call was cancelled");
}

function stopError(
  reason: "timeout" | "cancel" | undefined,
  error: unknown,
  pending: Pending,
  timeoutMs: number,
): TaskRunError {
  const task = pending.request.task;
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
