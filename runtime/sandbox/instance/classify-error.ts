import { TaskRunError, type TrapKind } from "../../errors/index.js";
import { trapKindOf } from "./trap-kind.js";

const pageBytes = 65_536;

/** Where the error happened and the memory the guest was using then. */
export interface ErrorContext {
  readonly phase?: "instantiate" | "call";
  readonly memory?: WebAssembly.Memory | undefined;
  /**
   * The memory's declared maximum in pages. Without it, whether the memory is full is found by
   * trying to grow it by one page — harmless for an instance that is being discarded.
   */
  readonly maximumPages?: number | undefined;
}

// Absent from TypeScript's lib: a wasm `throw` that reaches JS is one of these, not an Error.
const WasmException = (WebAssembly as unknown as { Exception?: abstract new (...args: never[]) => object }).Exception;

/** The guest's allocator (`wasmflow_alloc`, ptr-len's `alloc`) failed while allocating an input of `bytes` bytes; `cause` is what it threw. */
export class InputAllocationError extends Error {
  constructor(
    readonly bytes: number,
    override readonly cause: unknown,
  ) {
    super(`allocating ${bytes} bytes of input failed`);
  }
}

/** AssemblyScript's message when one allocation exceeds what its allocator can ever serve. */
const allocationTooLarge = "Allocation too large";

/**
 * Turns whatever a guest call threw into a `TaskRunError`. V8 is inconsistent: traps are
 * `RuntimeError`s told apart only by message, stack overflow is a `RangeError`, a failed link is a
 * `LinkError` or a `TypeError`, and a wasm exception is not an `Error` at all.
 */
export function classifyError(error: unknown, context: ErrorContext = {}): TaskRunError {
  if (error instanceof InputAllocationError) {
    const memoryBytes = context.memory?.buffer.byteLength ?? 0;
    const maximumBytes = context.maximumPages === undefined ? undefined : context.maximumPages * pageBytes;
    if (maximumBytes !== undefined && error.bytes > maximumBytes - memoryBytes) {
      return memoryLimit(context, { inputBytes: error.bytes }, error.cause);
    }
    return classifyError(error.cause, context);
  }
  if (error instanceof TaskRunError) {
    if (error.code === "GUEST_ABORT" && error.details.message === allocationTooLarge) {
      return memoryLimit(context, { abort: error.details }, error);
    }
    return error;
  }
  if (error instanceof WebAssembly.RuntimeError) {
    const kind = trapKindOf(error.message);
    // A failed `memory.grow` is not a trap: the guest's allocator traps after it (AssemblyScript:
    // `unreachable`), or the guest touches memory it never got.
    const growthFailure = kind === "unreachable" || error.message === "memory access out of bounds";
    if (growthFailure && atMaximum(context)) return memoryLimit(context, { trap: kind }, error);
    return trap(kind, error.message, error);
  }
  if (error instanceof RangeError) {
    if (error.message.includes("call stack")) return trap("stack_overflow", error.message, error);
    if (/out of memory|could not allocate|cannot allocate/i.test(error.message)) return memoryLimit(context, {}, error);
  }
  if (
    error instanceof WebAssembly.LinkError ||
    error instanceof WebAssembly.CompileError ||
    error instanceof TypeError
  ) {
    const phase = context.phase ?? "call";
    return new TaskRunError(
      "GUEST_PROTOCOL_ERROR",
      `the module cannot be run as declared (${phase}): ${error.message}`,
      { phase, reason: error.message },
      error,
    );
  }
  if (!(error instanceof Error) || (WasmException !== undefined && error instanceof WasmException)) {
    return trap("uncaught_exception", "a WebAssembly exception was thrown and not caught", error);
  }
  return trap("unknown", `${error.name}: ${error.message}`, error);
}

function trap(kind: TrapKind, message: string, cause: unknown): TaskRunError {
  return new TaskRunError("TRAP", `trap: ${message}`, { kind, message }, cause);
}

function memoryLimit(context: ErrorContext, extra: Record<string, unknown>, cause: unknown): TaskRunError {
  const memoryBytes = context.memory?.buffer.byteLength;
  const maximumBytes = context.maximumPages === undefined ? memoryBytes : context.maximumPages * pageBytes;
  const detail = maximumBytes === undefined ? "" : ` (maximum ${maximumBytes} bytes)`;
  return new TaskRunError(
    "MEMORY_LIMIT",
    `the guest needed more memory than its limit${detail}`,
    { memoryBytes, maximumBytes, ...extra },
    cause,
  );
}

function atMaximum(context: ErrorContext): boolean {
  const memory = context.memory;
  if (memory === undefined) return false;
  if (context.maximumPages !== undefined) return memory.buffer.byteLength >= context.maximumPages * pageBytes;
  try {
    memory.grow(1);
    return false;
  } catch {
    return true;
  }
}
