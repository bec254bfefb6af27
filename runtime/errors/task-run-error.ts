import { type Issue, WasmflowError } from "./wasmflow-error.js";

/**
 * Why a task call did not produce an output. Stable: scripts match on these.
 * - `TRAP`: the guest trapped; `details.kind` says how (see `TrapKind`).
 * - `GUEST_ABORT`: AssemblyScript `abort()`: `details` has message, file, line, column.
 *   Both, when the module carries a source map, also have `details.source` (the place in the
 *   task's own code, a `SourcePosition`) and `details.frames` (the guest's stack, `GuestFrame`s).
 * - `TASK_FAILED`: the guest called the SDK's `fail(message)`.
 * - `TIMEOUT`: instantiation and call together ran past the task's `timeoutMs`; the worker was replaced.
 * - `MEMORY_LIMIT`: the guest needed more linear memory than its maximum allows.
 * - `INPUT_INVALID` / `INPUT_TOO_LARGE`: the input does not match the declared type / its encoding is over `maxInputBytes`.
 * - `OUTPUT_INVALID` / `OUTPUT_TOO_LARGE`: the guest's output is not valid data of the declared type / is over `maxOutputBytes`.
 * - `GUEST_PROTOCOL_ERROR`: the guest broke the ABI (output pointer or length outside its memory, …).
 * - `WORKER_CRASHED`: the worker thread running the call died; the pool replaced it.
 * - `QUEUE_FULL`: the pool's queue was at its limit; nothing was run.
 * - `CANCELLED`: the caller's AbortSignal fired; running guest code was stopped.
 */
export type TaskRunErrorCode =
  | "TRAP"
  | "GUEST_ABORT"
  | "TASK_FAILED"
  | "TIMEOUT"
  | "MEMORY_LIMIT"
  | "INPUT_INVALID"
  | "INPUT_TOO_LARGE"
  | "OUTPUT_INVALID"
  | "OUTPUT_TOO_LARGE"
  | "GUEST_PROTOCOL_ERROR"
  | "WORKER_CRASHED"
  | "QUEUE_FULL"
  | "CANCELLED";

/** How a trap happened, read from the engine's error (V8 reports them inconsistently). */
export type TrapKind =
  | "unreachable"
  | "integer_divide_by_zero"
  | "integer_overflow"
  | "invalid_conversion"
  | "out_of_bounds_memory"
  | "out_of_bounds_table"
  | "indirect_call_signature_mismatch"
  | "null_reference"
  | "stack_overflow"
  | "uncaught_exception"
  | "unknown";

/** A task call that ended without an output. Crosses threads as `toJSON()` data and is rebuilt with `fromJSON`. */
export class TaskRunError extends WasmflowError {
  static override readonly brand = "wasmflow.TaskRunError";
  declare readonly code: TaskRunErrorCode;

  constructor(
    code: TaskRunErrorCode,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
    cause?: unknown,
    issues: readonly Issue[] = [],
  ) {
    super(code, message, { details, cause, issues });
  }

  static fromJSON(data: {
    code: TaskRunErrorCode;
    message: string;
    details?: Readonly<Record<string, unknown>>;
    issues?: readonly Issue[];
  }): TaskRunError {
    return new TaskRunError(data.code, data.message, data.details ?? {}, undefined, data.issues ?? []);
  }
}
