import { Packr } from "msgpackr";
import { hostMemoryFor } from "../helpers/host-memory.js";

export interface LogLine {
  readonly level: number;
  readonly message: string;
}

export type CallResult =
  | { readonly status: "ok"; readonly output: Uint8Array; readonly logs: readonly LogLine[] }
  | { readonly status: "failed"; readonly message: string; readonly logs: readonly LogLine[] }
  | { readonly status: "trapped"; readonly error: unknown; readonly logs: readonly LogLine[] };

/** Thrown from inside the `wasmflow.fail` import: unwinds the guest like the real host does. */
class GuestFailure extends Error {}

/**
 * MessagePack the way the host speaks it: plain maps (no msgpackr records), and 64-bit integers
 * decoded as BigInt so u64 values up to 2^64-1 survive.
 */
export const packr = new Packr({ useRecords: false, mapsAsObjects: true, int64AsType: "bigint" });

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Calls an sdk-ABI entry the way the runtime does, in this thread: a fresh instance per call,
 * input written through `wasmflow_alloc`, output read through the returned descriptor.
 */
export function callSdk(module: WebAssembly.Module, entry: string, input: Uint8Array): CallResult {
  const logs: LogLine[] = [];
  const hostMemory = hostMemoryFor(module);
  let memory: WebAssembly.Memory | undefined = hostMemory;
  const bytes = (ptr: number, len: number) => new Uint8Array(memory?.buffer ?? new ArrayBuffer(0), ptr, len);
  const imports = {
    env: {
      ...(hostMemory === undefined ? {} : { memory: hostMemory }),
      abort: (msg: number, file: number, line: number, column: number) => {
        throw new Error(`abort: ${asString(memory, msg)} at ${asString(memory, file)}:${line}:${column}`);
      },
      trace: () => {},
      seed: () => 42,
    },
    wasmflow: {
      log: (level: number, ptr: number, len: number) =>
        void logs.push({ level, message: utf8.decode(bytes(ptr, len)) }),
      fail: (ptr: number, len: number) => {
        throw new GuestFailure(utf8.decode(bytes(ptr, len)));
      },
    },
  };
  const instance = new WebAssembly.Instance(module, imports);
  const exports = instance.exports as Record<string, unknown>;
  memory = exports.memory as WebAssembly.Memory;
  const alloc = exports.wasmflow_alloc as (len: number) => number;
  const run = exports[entry] as (ptr: number, len: number) => number;
  try {
    const ptr = alloc(input.length);
    bytes(ptr, input.length).set(input);
    const descriptor = run(ptr, input.length);
    const view = new DataView(memory.buffer);
    const outPtr = view.getUint32(descriptor, true);
    const outLen = view.getUint32(descriptor + 4, true);
    return { status: "ok", output: bytes(outPtr, outLen).slice(), logs };
  } catch (error) {
    if (error instanceof GuestFailure) return { status: "failed", message: error.message, logs };
    return { status: "trapped", error, logs };
  }
}

/** Encodes `value`, calls the entry, and decodes the output; anything but success throws. */
export function roundTrip(module: WebAssembly.Module, entry: string, value: unknown): unknown {
  const result = callSdk(module, entry, packr.pack(value));
  if (result.status === "failed") throw new Error(`guest failed: ${result.message}`);
  if (result.status === "trapped") throw result.error;
  return packr.unpack(result.output);
}

// AssemblyScript strings are UTF-16 with their byte length in the header word before them.
function asString(memory: WebAssembly.Memory | undefined, ptr: number): string {
  if (memory === undefined || ptr === 0) return "";
  const length = new Uint32Array(memory.buffer, ptr - 4, 1)[0] ?? 0;
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, length >>> 1));
}
