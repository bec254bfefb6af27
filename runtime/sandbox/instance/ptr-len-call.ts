import { ptrLenAllocExport as allocExport } from "../../tasks/abi/ptr-len-exports.js";
import { type ResolvedCallOptions, resolveCallOptions } from "./defaults.js";
import { execute } from "./execute.js";
import { entryPoints, protocolError, readOutput, writeInput } from "./guest-bytes.js";
import type { PreparedModule } from "./prepared-module.js";
import type { CallOptions, CallOutcome } from "./types.js";

interface PtrLenArg {
  readonly entry: string;
  readonly input: Uint8Array;
}

const lengthBits = 0xffff_ffffn;

/**
 * Calls a ptr-len entry on a fresh instance (or the kept one in reuse mode): allocates the input
 * through `alloc(len)`, copies its bytes in, calls the entry with (ptr, len) and copies out the
 * output the i64 it returns points at, `(ptr << 32) | len` read unsigned. Every pointer and length
 * the guest hands back is checked against its memory. Never throws for what the guest does; a bad
 * option throws `UsageError`.
 *
 * @example
 * const outcome = runPtrLenCall(prepareModule({ hash, module, memory: null }), "run", utf8);
 * if (outcome.status === "ok") new TextDecoder().decode(outcome.output);
 */
export function runPtrLenCall(
  prepared: PreparedModule,
  entry: string,
  input: Uint8Array,
  options?: CallOptions,
): CallOutcome<Uint8Array> {
  return ptrLenCall(prepared, entry, input, resolveCallOptions(options));
}

/** `runPtrLenCall` with options already resolved, for a thread that reuses them from call to call. */
export function ptrLenCall(
  prepared: PreparedModule,
  entry: string,
  input: Uint8Array,
  options: ResolvedCallOptions,
): CallOutcome<Uint8Array> {
  return execute(prepared, invokePtrLen, { entry, input }, options);
}

function invokePtrLen(
  exports: WebAssembly.Exports,
  guestMemory: WebAssembly.Memory | undefined,
  arg: PtrLenArg,
  options: ResolvedCallOptions,
): Uint8Array {
  const { alloc, run, memory } = entryPoints(exports, guestMemory, allocExport, arg.entry, "export it as memory");
  const ptr = writeInput(memory, alloc, allocExport, arg.input);
  const packed = run(ptr, arg.input.byteLength);
  if (typeof packed !== "bigint") {
    throw protocolError(`the entry "${arg.entry}" returned ${typeof packed}, not an i64 (ptr << 32) | len`, {});
  }
  const bits = BigInt.asUintN(64, packed);
  return readOutput(memory, Number(bits >> 32n), Number(bits & lengthBits), options);
}
