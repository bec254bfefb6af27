import { sdkAllocExport as allocExport } from "../../abi/index.js";
import { type ResolvedCallOptions, resolveCallOptions } from "./defaults.js";
import { execute } from "./execute.js";
import { entryPoints, protocolError, readOutput, writeInput } from "./guest-bytes.js";
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
  guestMemory: WebAssembly.Memory | undefined,
  arg: SdkArg,
  options: ResolvedCallOptions,
): Uint8Array {
  const { alloc, run, memory } = entryPoints(
    exports,
    guestMemory,
    allocExport,
    arg.entry,
    "export or import it as env.memory",
  );
  const ptr = writeInput(memory, alloc, allocExport, arg.input);
  const descriptor = address(run(ptr, arg.input.byteLength) as number);
  const buffer = memory.buffer;
  if (!inBounds(buffer, descriptor, 8)) {
    throw protocolError(`the output descriptor at ${descriptor} lies outside memory`, {
      ptr: descriptor,
      len: 8,
      memoryBytes: buffer.byteLength,
    });
  }
  const view = new DataView(buffer, descriptor, 8);
  return readOutput(memory, view.getUint32(0, true), view.getUint32(4, true), options);
}
