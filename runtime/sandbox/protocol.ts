/**
 * Messages between the pool (main thread) and a worker: one request per call, one response.
 * Plain data only — errors travel as `{ code, message, details }` and are rebuilt as
 * `TaskRunError` on the host.
 */
import type { TaskRunErrorCode } from "../errors/index.js";

/** `fresh` (the default): a new instance per call. `reuse`: one instance per module per worker, for trusted hot tasks. */
export type InstanceMode = "fresh" | "reuse";

/**
 * The module a call runs. The compiled module is sent only when the worker says it lacks it
 * (`need-module`), so each worker receives each module once, not once per call.
 */
export interface ModuleRef {
  readonly hash: string;
  readonly module?: WebAssembly.Module;
  /** Limits of the module's `env.memory` import; null when the module defines its own memory. */
  readonly memory: { readonly initial: number; readonly maximum?: number } | null;
}

/** How a plain export's parameter or result crosses: numbers directly, strings and bytes through the AssemblyScript loader. */
export type PlainValueKind = "number" | "bigint" | "bool" | "string" | "bytes";

interface CallBase {
  readonly task: string;
  readonly module: ModuleRef;
  readonly entry: string;
  readonly seed: number;
  readonly instance: InstanceMode;
  readonly maxOutputBytes: number;
}

export interface SdkCallRequest extends CallBase {
  readonly abi: "sdk";
  /** MessagePack-encoded input, already validated against the declared type. */
  readonly input: Uint8Array;
}

export interface PlainCallRequest extends CallBase {
  readonly abi: "plain";
  readonly args: readonly unknown[];
  readonly argKinds: readonly PlainValueKind[];
  readonly resultKind: PlainValueKind;
}

export type CallRequest = SdkCallRequest | PlainCallRequest;

export interface LogRecord {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
}

export interface CallTimings {
  readonly instantiateUs: number;
  readonly callUs: number;
}

export interface SerializedRunError {
  readonly code: TaskRunErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type CallResponse =
  | {
      readonly status: "ok";
      /** sdk: the MessagePack output bytes; plain: the raw result. */
      readonly output: unknown;
      readonly logs: readonly LogRecord[];
      readonly droppedLogs: number;
      readonly timings: CallTimings;
    }
  | {
      readonly status: "error";
      readonly error: SerializedRunError;
      readonly logs: readonly LogRecord[];
      readonly droppedLogs: number;
    }
  | { readonly status: "need-module"; readonly hash: string };

/**
 * Several calls in one message to a worker, run one after another. `slot` names the row of the
 * shared progress board (`progress-board.ts`) where the worker records which call is running and
 * since when, so the pool can time each call from its own start.
 */
export interface CallBatch {
  readonly slot: number;
  readonly calls: readonly CallRequest[];
}

/** Shared between the pool and its workers, given to each worker at start (`workerData`). */
export interface WorkerSetup {
  readonly board: { readonly buffer: SharedArrayBuffer; readonly slots: number; readonly maxBatch: number };
}
