import { TaskRunError } from "../../errors/index.js";
import { allocateInput } from "./allocate-input.js";
import type { ResolvedCallOptions } from "./defaults.js";
import { address, inBounds } from "./guest-memory.js";

/**
 * The byte-passing half the sdk and ptr-len ABIs share: input written through the guest's
 * allocator, output read where the guest says it is. Every pointer and length comes from the
 * guest and is checked against its memory before a view is made.
 */

/** A guest that broke the ABI's contract: `GUEST_PROTOCOL_ERROR`. */
export function protocolError(message: string, details: Record<string, unknown>): TaskRunError {
  return new TaskRunError("GUEST_PROTOCOL_ERROR", message, details);
}

/** The allocator and the entry, both functions, or the protocol error that names what is missing. */
export function entryPoints(
  exports: WebAssembly.Exports,
  memory: WebAssembly.Memory | undefined,
  allocName: string,
  entry: string,
  memoryHint: string,
): { alloc: (len: number) => number; run: (ptr: number, len: number) => unknown; memory: WebAssembly.Memory } {
  const alloc = exports[allocName];
  const run = exports[entry];
  if (memory === undefined) throw protocolError(`the module has no memory (${memoryHint})`, {});
  if (typeof alloc !== "function") throw protocolError(`the module does not export ${allocName}`, {});
  if (typeof run !== "function") throw protocolError(`the module does not export the entry "${entry}"`, {});
  return { alloc: alloc as (len: number) => number, run: run as (ptr: number, len: number) => unknown, memory };
}

/** Allocates `input.byteLength` bytes through `alloc` and copies the input there; returns where. */
export function writeInput(
  memory: WebAssembly.Memory,
  alloc: (len: number) => number,
  allocName: string,
  input: Uint8Array,
): number {
  const len = input.byteLength;
  const ptr = address(allocateInput(alloc, len));
  // Read the buffer after the guest ran: growing memory detaches the old one.
  const buffer = memory.buffer;
  if (!inBounds(buffer, ptr, len)) {
    throw protocolError(`${allocName}(${len}) returned ${ptr}, outside memory`, {
      ptr,
      len,
      memoryBytes: buffer.byteLength,
    });
  }
  new Uint8Array(buffer, ptr, len).set(input);
  return ptr;
}

/** The output's bytes at (ptr, len), checked against memory and `maxOutputBytes`; a view when the options borrow it. */
export function readOutput(
  memory: WebAssembly.Memory,
  ptr: number,
  len: number,
  options: ResolvedCallOptions,
): Uint8Array {
  const buffer = memory.buffer;
  if (!inBounds(buffer, ptr, len)) {
    throw protocolError(`the output (${len} bytes at ${ptr}) lies outside memory`, {
      ptr,
      len,
      memoryBytes: buffer.byteLength,
    });
  }
  if (len > options.maxOutputBytes) {
    throw new TaskRunError(
      "OUTPUT_TOO_LARGE",
      `the output is ${len} bytes, over the limit of ${options.maxOutputBytes}`,
      {
        actual: len,
        limit: options.maxOutputBytes,
      },
    );
  }
  return options.borrowOutput ? new Uint8Array(buffer, ptr, len) : new Uint8Array(buffer.slice(ptr, ptr + len));
}
