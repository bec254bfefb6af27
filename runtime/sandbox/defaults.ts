import { availableParallelism } from "node:os";

/** Defaults of the worker pool, in one place; every one can be overridden through `PoolOptions`. */
export const defaultPoolOptions = {
  /** One worker per core. */
  threads: availableParallelism(),
  /**
   * Calls waiting for a worker beyond those running. A full queue rejects new calls with
   * `QUEUE_FULL` at once, so memory cannot grow without bound under a flood.
   */
  maxQueue: 1024,
  /** V8 heap of each worker, in MiB (WebAssembly memory is bounded separately, by each module's maximum). */
  workerHeapMb: 64,
  /**
   * Milliseconds a call may run before the calls batched behind it are handed to other workers.
   * Short, because a batch's calls each take microseconds to a few milliseconds; taking calls back
   * costs next to nothing, waiting behind a call that loops costs them its whole timeout.
   */
  revokeAfterMs: 2,
  /** Milliseconds a worker may hold finished answers before it starts another call. */
  flushAfterMs: 1,
} as const;

/** Defaults of one call; the task definition's limits come first, then these. */
export const defaultCallOptions = {
  seed: 0,
  instance: "fresh",
} as const;
