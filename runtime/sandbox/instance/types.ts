import type { TaskRunError } from "../../errors/index.js";
import type { CallTimings, InstanceMode, LogRecord, PlainValueKind } from "../protocol.js";

/** Declared limits of a module's `env.memory` import, in 64 KiB pages. */
export interface MemoryLimits {
  readonly initial: number;
  readonly maximum?: number;
}

/** What a thread needs to run a module: its compiled form, keyed by content hash. */
export interface ModuleSource {
  readonly hash: string;
  readonly module: WebAssembly.Module;
  /** Limits of the module's `env.memory` import; null when the module defines its own memory. */
  readonly memory: MemoryLimits | null;
}

/** Bounds on what one call may log; beyond them records are counted as dropped. */
export interface LogLimits {
  /** @default 100 */
  readonly maxRecords?: number;
  /** UTF-8 bytes kept of one message; longer ones are cut and marked. @default 4096 */
  readonly maxMessageBytes?: number;
  /** UTF-8 bytes kept over all messages of a call. @default 65536 */
  readonly maxTotalBytes?: number;
}

/** Options of one call; every field has a default in `instanceDefaults`. */
export interface CallOptions {
  /** Feeds `env.seed` (AssemblyScript's `Math.random` seed): the same seed replays the same call. @default 0 */
  readonly seed?: number;
  /**
   * `fresh`: a new instance per call, so nothing one call leaves in memory, globals or tables is
   * visible to the next. `reuse`: one kept instance per module per thread, called again and
   * again — for trusted hot tasks only. It gives up isolation (memory and globals persist from
   * call to call, so one caller's data can reach another's output) and, for modules built with
   * the stub runtime, memory is never freed: the heap fills until a call runs out. Any failure
   * discards the kept instance; a trap or memory failure on an instance that had already served
   * calls is retried once on a new one.
   * @default "fresh"
   */
  readonly instance?: InstanceMode;
  /** Largest output the guest may return, in bytes. @default 1048576 */
  readonly maxOutputBytes?: number;
  readonly logs?: LogLimits;
}

/** How a plain call's parameters and result cross the boundary. */
export interface PlainSignature {
  readonly params: readonly PlainValueKind[];
  readonly result: PlainValueKind | "void";
}

/**
 * The end of one call in this thread. Guest failures never throw: they come back as `error`,
 * with the logs written before the failure.
 */
export type CallOutcome<T> =
  | {
      readonly status: "ok";
      readonly output: T;
      readonly logs: readonly LogRecord[];
      readonly droppedLogs: number;
      readonly timings: CallTimings;
    }
  | {
      readonly status: "error";
      readonly error: TaskRunError;
      /**
       * For a trap or an abort: the byte offsets in the module of the guest's frames when it
       * failed, innermost first (as many as V8 recorded, at most 32). The host maps them to the
       * task's lines through the module's source map.
       */
      readonly offsets?: readonly number[];
      readonly logs: readonly LogRecord[];
      readonly droppedLogs: number;
      readonly timings: CallTimings;
    };
