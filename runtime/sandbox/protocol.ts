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
 * A transpiled component as a worker receives it (`ModuleRef.module` of a component task): jco's
 * bindings as the body of a function of `module` (`bindings-source.ts`), and its core modules,
 * compiled on the host with the task's memory maximum imposed, by the names the bindings ask for.
 */
export interface CompiledComponent {
  readonly kind: "component";
  readonly bindings: string;
  readonly cores: readonly { readonly name: string; readonly module: CompiledModule }[];
  /** The maximum imposed on the core modules' memories, in pages. */
  readonly maximumPages: number;
}

/** Whether a module reference's payload is a component's rather than a compiled module. */
export function isCompiledComponent(
  module: CompiledModule | CompiledComponent | undefined,
): module is CompiledComponent {
  return typeof module === "object" && module !== null && (module as { kind?: unknown }).kind === "component";
}

/**
 * The module a call runs. On the host it always carries the compiled module; a batch carries it
 * only to a worker that has not received it yet, so each worker receives each module once.
 */
export interface ModuleRef {
  readonly hash: string;
  readonly module?: CompiledModule | CompiledComponent;
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

export interface PtrLenCallRequest extends CallBase {
  readonly abi: "ptr-len";
  /** The input's bytes as the guest receives them: a string's UTF-8, or the bytes themselves. */
  readonly input: Uint8Array;
}

/**
 * A component call: `entry` is a `ComponentEntry` as JSON (it names the call's target, see
 * `wire/`), `args` the arguments in jco's shape, converted and checked on the host.
 */
export interface ComponentCallRequest extends CallBase {
  readonly abi: "component";
  readonly args: readonly unknown[];
}

/**
 * Where the function is in the bindings' exports, and what its own `result`, when it returns one,
 * means: `none`, it returns no `result`; `value`, the result is the output (jco returns the ok
 * value and throws the err: the worker gives back `{ tag, val }`); `fail`, an err fails the call
 * (TASK_FAILED with the err's payload).
 */
export interface ComponentEntry {
  readonly path: readonly string[];
  readonly result: "none" | "value" | "fail";
}

export type CallRequest = SdkCallRequest | PlainCallRequest | PtrLenCallRequest | ComponentCallRequest;

/** Whether a call's output comes back as bytes (sdk's MessagePack, ptr-len's raw bytes) rather than a value. */
export function answersWithBytes(request: CallRequest): boolean {
  return request.abi === "sdk" || request.abi === "ptr-len";
}

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
      /** sdk: the MessagePack output bytes; ptr-len: the output bytes; plain: the raw result. */
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
