import { UsageError } from "../errors/index.js";
import { limitCaps, type TaskLimits } from "../tasks/index.js";
import { defaultCallOptions } from "./defaults.js";
import type { InstanceMode } from "./protocol.js";

/** Per-call options of `Wasmflow.run`; limits left out come from the task definition. */
export interface RunOptions {
  /** Overrides the definition's `limits.timeoutMs` for this call. */
  readonly timeoutMs?: number;
  readonly maxInputBytes?: number;
  readonly maxOutputBytes?: number;
  /** Stops the call; running guest code is stopped by replacing its worker. */
  readonly signal?: AbortSignal;
  /** Seed of the guest's `Math.random` (`env.seed`): the same seed replays the same call. @default 0 */
  readonly seed?: number;
  /**
   * `fresh` (default) instantiates the module for every call, so no call can see another's data.
   * `reuse` keeps one instance per worker: faster, but memory and globals persist between calls.
   */
  readonly instance?: InstanceMode;
  /**
   * `value` (default): input and output are JavaScript values (BigInt for large 64-bit
   * integers, Uint8Array for bytes). `json`: both are JSON-shaped — 64-bit integers may be decimal
   * strings, bytes are base64 strings — for input read from JSON and output printed as JSON.
   */
  readonly format?: "value" | "json";
}

export interface ResolvedRunOptions {
  readonly limits: TaskLimits;
  readonly seed: number;
  readonly instance: InstanceMode;
  readonly json: boolean;
  readonly signal?: AbortSignal;
}

/** Merges definition limits with per-call overrides, checking each override with one clear line. */
export function resolveRunOptions(limits: TaskLimits, options: RunOptions): ResolvedRunOptions {
  const merged = {
    ...limits,
    ...(options.timeoutMs === undefined
      ? {}
      : { timeoutMs: checked("timeoutMs", options.timeoutMs, limitCaps.timeoutMs) }),
    ...(options.maxInputBytes === undefined
      ? {}
      : { maxInputBytes: checked("maxInputBytes", options.maxInputBytes, limitCaps.maxBytes) }),
    ...(options.maxOutputBytes === undefined
      ? {}
      : { maxOutputBytes: checked("maxOutputBytes", options.maxOutputBytes, limitCaps.maxBytes) }),
  };
  const seed = options.seed ?? defaultCallOptions.seed;
  if (typeof seed !== "number" || !Number.isFinite(seed))
    throw new UsageError(`options.seed must be a finite number, got ${String(seed)}`);
  const instance = options.instance ?? defaultCallOptions.instance;
  if (instance !== "fresh" && instance !== "reuse") {
    throw new UsageError(`options.instance must be "fresh" or "reuse", got ${JSON.stringify(instance)}`);
  }
  const format = options.format ?? "value";
  if (format !== "value" && format !== "json") {
    throw new UsageError(`options.format must be "value" or "json", got ${JSON.stringify(format)}`);
  }
  return {
    limits: merged,
    seed,
    instance,
    json: format === "json",
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}

function checked(name: string, value: unknown, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new UsageError(`options.${name} must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}
