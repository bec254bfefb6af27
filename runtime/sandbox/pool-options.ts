import { UsageError } from "../errors/index.js";
import { defaultPoolOptions } from "./defaults.js";
import { defaultWorkerFile } from "./worker-file.js";

export interface PoolOptions {
  /** Worker threads; while calls run long, up to as many spares join them (see `WorkerPool`). @default one per core */
  readonly threads?: number;
  /** Calls that may wait for a worker; beyond it calls are rejected with `QUEUE_FULL`. @default 1024 */
  readonly maxQueue?: number;
  /** V8 heap of each worker in MiB. @default 64 */
  readonly workerHeapMb?: number;
  /** The worker entry (compiled JavaScript). @default the one shipped with wasmflow */
  readonly workerFile?: string;
  /**
   * Once a call has run this long, the calls batched behind it on its worker are handed to other
   * workers (well before its own deadline, so no call waits out another's timeout). @default 2
   */
  readonly revokeAfterMs?: number;
  /** A worker holds finished answers at most this long before it starts another call. @default 1 */
  readonly flushAfterMs?: number;
}

export interface ResolvedPoolOptions {
  readonly threads: number;
  readonly maxQueue: number;
  readonly workerHeapMb: number;
  readonly workerFile: string;
  readonly revokeAfterMs: number;
  readonly flushAfterMs: number;
}

/** Checks options at the public entry, one clear line per problem, and fills in the defaults. */
export function resolvePoolOptions(options: PoolOptions, name = "options"): ResolvedPoolOptions {
  const threads = options.threads ?? defaultPoolOptions.threads;
  const maxQueue = options.maxQueue ?? defaultPoolOptions.maxQueue;
  const workerHeapMb = options.workerHeapMb ?? defaultPoolOptions.workerHeapMb;
  checkInteger(`${name}.threads`, threads, 1, 256);
  checkInteger(`${name}.maxQueue`, maxQueue, 0, 10_000_000);
  checkInteger(`${name}.workerHeapMb`, workerHeapMb, 16, 65_536);
  const revokeAfterMs = options.revokeAfterMs ?? defaultPoolOptions.revokeAfterMs;
  const flushAfterMs = options.flushAfterMs ?? defaultPoolOptions.flushAfterMs;
  checkInteger(`${name}.revokeAfterMs`, revokeAfterMs, 1, 60_000);
  checkInteger(`${name}.flushAfterMs`, flushAfterMs, 0, 60_000);
  if (options.workerFile !== undefined && typeof options.workerFile !== "string") {
    throw new UsageError(`${name}.workerFile must be a path or file URL string`);
  }
  return {
    threads,
    maxQueue,
    workerHeapMb,
    workerFile: options.workerFile ?? defaultWorkerFile(),
    revokeAfterMs,
    flushAfterMs,
  };
}

function checkInteger(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
}
