import { UsageError } from "../../errors/index.js";
import type { InstanceMode } from "../protocol.js";
import type { CallOptions, LogLimits } from "./types.js";

/** Every default of the in-thread runner, in one place. */
export const instanceDefaults = {
  seed: 0,
  instance: "fresh" as InstanceMode,
  /** The task layer's default; callers pass the definition's own limit. */
  maxOutputBytes: 1024 * 1024,
  logs: { maxRecords: 100, maxMessageBytes: 4096, maxTotalBytes: 64 * 1024 },
  /** Longest AssemblyScript string read for an abort or trace message, in bytes. */
  maxGuestStringBytes: 4096,
  /** Compiled modules (with their pooled memory) kept per thread. */
  maxModules: 64,
} as const;

export interface ResolvedLogLimits {
  readonly maxRecords: number;
  readonly maxMessageBytes: number;
  readonly maxTotalBytes: number;
}

export interface ResolvedCallOptions {
  readonly seed: number;
  readonly instance: InstanceMode;
  readonly maxOutputBytes: number;
  readonly logs: ResolvedLogLimits;
  /**
   * An sdk or ptr-len output is returned as a view of guest memory, valid until the next call in this
   * thread, instead of a copy: for a caller that copies it at once (the worker, into its answers).
   */
  readonly borrowOutput: boolean;
}

const defaultResolved: ResolvedCallOptions = {
  seed: instanceDefaults.seed,
  instance: instanceDefaults.instance,
  maxOutputBytes: instanceDefaults.maxOutputBytes,
  logs: instanceDefaults.logs,
  borrowOutput: false,
};

/** Fills in defaults and checks each option with one clear line; the common case allocates nothing. */
export function resolveCallOptions(options: CallOptions | undefined): ResolvedCallOptions {
  if (options === undefined) return defaultResolved;
  const seed = options.seed ?? instanceDefaults.seed;
  if (typeof seed !== "number" || !Number.isFinite(seed)) throw new UsageError("options.seed must be a finite number");
  const instance = options.instance ?? instanceDefaults.instance;
  if (instance !== "fresh" && instance !== "reuse") {
    throw new UsageError('options.instance must be "fresh" or "reuse"');
  }
  const maxOutputBytes = options.maxOutputBytes ?? instanceDefaults.maxOutputBytes;
  checkCount(maxOutputBytes, "options.maxOutputBytes");
  return { seed, instance, maxOutputBytes, logs: resolveLogLimits(options.logs, "options.logs"), borrowOutput: false };
}

export function resolveLogLimits(limits: LogLimits | undefined, where: string): ResolvedLogLimits {
  if (limits === undefined) return instanceDefaults.logs;
  const resolved = {
    maxRecords: limits.maxRecords ?? instanceDefaults.logs.maxRecords,
    maxMessageBytes: limits.maxMessageBytes ?? instanceDefaults.logs.maxMessageBytes,
    maxTotalBytes: limits.maxTotalBytes ?? instanceDefaults.logs.maxTotalBytes,
  };
  checkCount(resolved.maxRecords, `${where}.maxRecords`);
  checkCount(resolved.maxMessageBytes, `${where}.maxMessageBytes`);
  checkCount(resolved.maxTotalBytes, `${where}.maxTotalBytes`);
  return resolved;
}

export function checkCount(value: unknown, name: string): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new UsageError(`${name} must be a non-negative integer`);
  }
}
