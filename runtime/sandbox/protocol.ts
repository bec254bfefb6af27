/**
 * What crosses between the pool (main thread) and a worker: requests and responses of calls, and
 * the messages that carry them (laid out compactly in `wire/`). Plain data only — errors travel as
 * `{ code, message, details }` and are rebuilt as `TaskRunError` on the host.
 */
import type { TaskRunErrorCode } from "../errors/index.js";
import type { AnswerMessage, BatchMessage } from "./wire/index.js";

/** `fresh` (the default): a new instance per call. `reuse`: one instance per module per worker, for trusted hot tasks. */
export type InstanceMode = "fresh" | "reuse";

/**
 * A compiled `WebAssembly.Module`, typed as `object`: TypeScript declares the `WebAssembly`
 * namespace only in its DOM library, and a Node project's `lib` often has none, so the package's
 * declarations do not name it. lib.dom's `WebAssembly.Module` is an empty interface: any object
 * is one to the compiler, so nothing is lost.
 */
export type CompiledModule = object;

/**
 * The module a call runs. On the host it always carries the compiled module; a batch carries it
 * only to a worker that has not received it yet, so each worker receives each module once.
 */
export interface ModuleRef {
  readonly hash: string;
  readonly module?: CompiledModule;
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
  /** MessagePack-encoded input, already validated against the declared type; may be a view into a larger buffer (`input-arena.ts`). */
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
  /** A trap's or abort's guest frames as byte offsets in the module, innermost first; the host maps them to source lines. */
  readonly offsets?: readonly number[];
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
  /** The worker lacks the module (it was not sent, or the worker has since let it go): the pool sends the call again with it. */
  | { readonly status: "need-module"; readonly hash: string };

/** What a worker is started with (`workerData`). */
export interface WorkerSetup {
  /** The pool's call board (`call-board.ts`), shared by all its workers. */
  readonly board: { readonly buffer: SharedArrayBuffer; readonly slots: number; readonly maxBatch: number };
  /** The worker's row on the board. */
  readonly slot: number;
  /** A worker posts the answers it holds before starting a call once this long has passed since it last posted. */
  readonly flushAfterMs: number;
}

/** From the pool to a worker. `close` lets the worker's thread end once its batch is done. */
export type ToWorker = BatchMessage | { readonly type: "close" };
/** From a worker to the pool: `ready` once it listens, then the answers of each batch. */
export type FromWorker = AnswerMessage | { readonly type: "ready" };
