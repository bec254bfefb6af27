import { sdkAllocExport as allocExport } from "../../abi/index.js";
import { TaskRunError } from "../../errors/index.js";
import { InputAllocationError } from "./classify-error.js";
import { type ResolvedCallOptions, resolveCallOptions } from "./defaults.js";
import { execute } from "./execute.js";
import { address, inBounds } from "./guest-memory.js";
import type { PreparedModule } from "./prepared-module.js";
import type { CallOptions, CallOutcome } from "./types.js";

interface SdkArg {
  readonly entry: string;
  readonly input: Uint8Array;
}

/**
 * Calls an sdk-ABI entry on a fresh instance (or the kept one in reuse mode): allocates the
 * input through `wasmflow_alloc`, copies it in, calls the entry, and copies the output out of
 * the 8-byte descriptor it returns. Every pointer and length the guest hands back is checked
 * against its memory. Never throws for what the guest does; a bad option throws `UsageError`.
 *
 * @example
 * const outcome = runSdkCall(prepareModule({ hash, module, memory: { initial: 1, maximum: 16 } }), "run", input);
 * if (outcome.status === "ok") decode(outcome.output);
 */
export function runSdkCall(
  prepared: PreparedModule,
  entry: string,
  input: Uint8Array,
  options?: CallOptions,
): CallOutcome<Uint8Array> {
  return sdkCall(prepared, entry, input, resolveCallOptions(options));
}

/** `runSdkCall` with options already resolved, for a thread that reuses them from call to call. */
export function sdkCall(
  prepared: PreparedModule,
  entry: string,
  input: Uint8Array,
  options: ResolvedCallOptions,
): CallOutcome<Uint8Array> {
  return execute(prepared, invokeSdk, { entry, input }, options);
}

function invokeSdk(
  exports: WebAssembly.Exports,
  memory: WebAssembly.Memory | undefined,
  arg: SdkArg,
  options: ResolvedCallOptions,
): Uint8Array {
  const alloc = exports[allocExport];
  const run = exports[arg.entry];
  if (memory === undefined) throw protocol("the module has no memory (export or import it as env.memory)", {});
  if (typeof alloc !== "function") throw protocol(`the module does not export ${allocExport}`, {});
  if (typeof run !== "function") throw protocol(`the module does not export the entry "${arg.entry}"`, {});

  const len = arg.input.byteLength;
  const ptr = address(allocate(alloc as (len: number) => number, len));
  // Read the buffer after the guest ran: growing memory detaches the old one.
  let buffer = memory.buffer;
  if (!inBounds(buffer, ptr, len)) {
    throw protocol(`${allocExport}(${len}) returned ${ptr}, outside memory`, {
      ptr,
      len,
      memoryBytes: buffer.byteLength,
    });
  }
  new Uint8Array(buffer, ptr, len).set(arg.input);

  const descriptor = address(run(ptr, len));
  buffer = memory.buffer;
  if (!inBounds(buffer, descriptor, 8)) {
    throw protocol(`the output descriptor at ${descriptor} lies outside memory`, {
      ptr: descriptor,
      len: 8,
      memoryBytes: buffer.byteLength,
    });
  }
  const view = new DataView(buffer, descriptor, 8);
  const outPtr = view.getUint32(0, true);
  const outLen = view.getUint32(4, true);
  if (!inBounds(buffer, outPtr, outLen)) {
    throw protocol(`the output (${outLen} bytes at ${outPtr}) lies outside memory`, {
      ptr: outPtr,
      len: outLen,
      memoryBytes: buffer.byteLength,
    });
  }
  if (outLen > options.maxOutputBytes) {
    throw new TaskRunError(
      "OUTPUT_TOO_LARGE",
      `the output is ${outLen} bytes, over the limit of ${options.maxOutputBytes}`,
      { actual: outLen, limit: options.maxOutputBytes },
    );
  }
  return options.borrowOutput
    ? new Uint8Array(buffer, outPtr, outLen)
    : new Uint8Array(buffer.slice(outPtr, outPtr + outLen));
}

/**
 * `wasmflow_alloc(len)`. What it throws is wrapped with the length asked for, so the trap an
 * allocator raises when an input cannot fit under the memory's maximum is reported as
 * MEMORY_LIMIT (see `classifyError`), not as a bare trap.
 */
function allocate(alloc: (len: number) => number, len: number): number {
  try {
    return alloc(len);
  } catch (error) {
    throw new InputAllocationError(len, error);
  }
}

function protocol(message: string, details: Record<string, unknown>): TaskRunError {
  return new TaskRunError("GUEST_PROTOCOL_ERROR", message, details);
}
