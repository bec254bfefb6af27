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

const maxTables = 4;
/**
 * Per table, declared maximum included. Table elements live on the worker's V8 heap, and V8
 * aborts the whole process, not just the worker, when growing a table runs out of heap.
 */
const maxTableElements = 100_000;

/** Caps applied to every module at registration, whatever its definition says. */
export const moduleCaps = {
  maxModuleBytes: 16 * 1024 * 1024,
  maxTables,
  maxTableElements,
  /**
   * Entries over all element segments: as many as the tables can hold. V8 allows 10 million per
   * segment, and an engine that materialises segments at instantiation would put them on the heap.
   */
  maxElementEntries: maxTables * maxTableElements,
  /** Each segment costs the host memory at compile time, about 125 bytes even when empty. */
  maxElementSegments: 1_000,
  /** Each mutable global costs about 2.5 KB of native memory per instantiation in a worker (Node 20). */
  maxGlobals: 10_000,
  /**
   * Every exported function becomes a JavaScript function on each fresh instance; at V8's own
   * limit (100 000) that is more than a 16 MiB worker heap holds.
   */
  maxExports: 10_000,
} as const;

/** Caps on task definition files (`*.task.json`); flow files have theirs in `flowLimits`. */
export const definitionCaps = {
  /** A definition is configuration, not data: a file this large is a mistake or an attack. */
  maxFileBytes: 1024 * 1024,
  /**
   * Nesting of the whole JSON document, checked before the schema walks it (recursively). Declared
   * types nest at most 32 levels and sit 1 level deep, so this refuses nothing a valid type needs.
   */
  maxJsonDepth: 64,
} as const;

/**
 * Caps on the other files wasmflow reads (modules: `moduleCaps.maxModuleBytes`), each checked on
 * the open file before any of it is read.
 */
export const fileCaps = {
  /**
   * `--input-file` of `task run` and `flow run`: 64 times the default `maxInputBytes`, and far
   * below V8's limit on one string (512 MiB). Larger inputs go through the library API.
   */
  maxInputFileBytes: 64 * 1024 * 1024,
  /** Each AssemblyScript file `wasmflow build` reads: sources, and the files it generated before. */
  maxSourceBytes: 4 * 1024 * 1024,
} as const;
