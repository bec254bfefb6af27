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
} as const;

/** Defaults of one call; the task definition's limits come first, then these. */
export const defaultCallOptions = {
  seed: 0,
  instance: "fresh",
} as const;
