/**
 * Every default and cap of the task layer, in one place. Definitions override the limits per
 * task; the caps bound what any definition may ask for.
 */
export const defaultTaskLimits = {
  /** Wall-clock time for instantiation and the call together. */
  timeoutMs: 5_000,
  /** 64 KiB pages: 256 pages = 16 MiB of linear memory. */
  maxMemoryPages: 256,
  maxInputBytes: 1024 * 1024,
  maxOutputBytes: 1024 * 1024,
} as const;

export const defaultRetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 100,
  backoffFactor: 2,
  maxDelayMs: 10_000,
  /** Transient failures only: a deterministic failure would fail the same way again. */
  retryOn: ["TIMEOUT", "WORKER_CRASHED"],
} as const;

/** Upper bounds a definition cannot exceed. */
export const limitCaps = {
  timeoutMs: 24 * 60 * 60 * 1000,
  /** The whole 32-bit address space. */
  maxMemoryPages: 65_536,
  maxBytes: 1024 * 1024 * 1024,
  maxAttempts: 100,
  maxDelayMs: 24 * 60 * 60 * 1000,
} as const;

/** Caps applied to every module at registration, whatever its definition says. */
export const moduleCaps = {
  maxModuleBytes: 16 * 1024 * 1024,
  maxTables: 4,
  maxTableElements: 100_000,
} as const;
