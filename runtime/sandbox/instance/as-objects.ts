import { TaskRunError } from "../../errors/index.js";
import { address, decodeUtf16, inBounds, readU32 } from "./guest-memory.js";

/**
 * AssemblyScript's managed objects, read and written the way @assemblyscript/loader does — same
 * header layout and class ids — but checked against memory at every step, and without the
 * loader's per-instance setup (it builds dozens of closures for each instance it wraps).
 */

/** Fixed class ids of AssemblyScript's runtime. */
const arrayBufferId = 1;
const stringId = 2;
/** Header words before an object: class id at -8, payload size in bytes at -4. */
const idOffset = 8;
const sizeOffset = 4;
/** Runtime type info flags (std/assembly/shared/typeinfo.ts). */
const arrayBufferView = 1 << 0;
const array = 1 << 1;
const staticArray = 1 << 2;
const valueAlignShift = 6;
const valueFloat = 1 << 12;
/** Layout of an ArrayBufferView (Uint8Array…): buffer, dataStart, byteLength; an Array adds length. */
const dataStartOffset = 4;
const byteLengthOffset = 8;
const arrayLengthOffset = 12;
const arrayLayoutBytes = 16;

type GuestFunction = (...args: number[]) => number;

export interface AsRuntime {
  readonly exports: WebAssembly.Exports;
  readonly memory: WebAssembly.Memory;
  readonly newObject: GuestFunction;
  readonly pin: GuestFunction | undefined;
}

/** The runtime exports the loader needs; a module without them cannot take strings or bytes. */
export function asRuntime(exports: WebAssembly.Exports, memory: WebAssembly.Memory | undefined): AsRuntime {
  const newObject = exports.__new;
  if (memory === undefined || typeof newObject !== "function") {
    throw protocol("strings and bytes need the AssemblyScript runtime exports (build with --exportRuntime)", {});
  }
  const pin = exports.__pin;
  return {
    exports,
    memory,
    newObject: newObject as GuestFunction,
    pin: typeof pin === "function" ? (pin as GuestFunction) : undefined,
  };
}

export function writeString(rt: AsRuntime, value: string): number {
  const length = value.length;
  const ptr = allocate(rt, length * 2, stringId);
  const units = new Uint16Array(rt.memory.buffer, ptr, length);
  for (let i = 0; i < length; i++) units[i] = value.charCodeAt(i);
  return ptr;
}

export function writeArrayBuffer(rt: AsRuntime, value: Uint8Array): number {
  const ptr = allocate(rt, value.byteLength, arrayBufferId);
  new Uint8Array(rt.memory.buffer, ptr, value.byteLength).set(value);
  return ptr;
}

export function readString(memory: WebAssembly.Memory | undefined, pointer: unknown, maxBytes: number): string {
  const { buffer, ptr, id, size } = header(memory, pointer, "string");
  if (id !== stringId) throw protocol(`the result at ${ptr} is not a string (class id ${id})`, { ptr, id });
  checkPayload(buffer, ptr, size, maxBytes);
  return decodeUtf16(buffer, ptr, size);
}

/**
 * An `ArrayBuffer`, or — when the module exports its type info (`__rtti_base`) — a `Uint8Array`,
 * `Array<u8>` or `StaticArray<u8>`.
 */
export function readBytes(
  exports: WebAssembly.Exports,
  memory: WebAssembly.Memory | undefined,
  pointer: unknown,
  maxBytes: number,
): Uint8Array {
  const { buffer, ptr, id, size } = header(memory, pointer, "bytes");
  let start = ptr;
  let length = size;
  if (id !== arrayBufferId) {
    const flags = byteTypeFlags(exports, buffer, id);
    if (flags === undefined) {
      throw protocol(`the result at ${ptr} is neither an ArrayBuffer nor an array of bytes (class id ${id})`, {
        ptr,
        id,
      });
    }
    if ((flags & staticArray) === 0) {
      if (!inBounds(buffer, ptr, arrayLayoutBytes)) {
        throw protocol(`the bytes result at ${ptr} lies outside memory`, { ptr, memoryBytes: buffer.byteLength });
      }
      start = readU32(buffer, ptr + dataStartOffset);
      length = readU32(buffer, ptr + ((flags & array) !== 0 ? arrayLengthOffset : byteLengthOffset));
    }
  }
  checkPayload(buffer, start, length, maxBytes);
  return new Uint8Array(buffer.slice(start, start + length));
}

function allocate(rt: AsRuntime, bytes: number, id: number): number {
  const ptr = address(rt.newObject(bytes, id));
  const buffer = rt.memory.buffer;
  if (ptr % 4 !== 0 || !inBounds(buffer, ptr, bytes)) {
    throw protocol(`__new(${bytes}, ${id}) returned ${ptr}, outside memory`, {
      ptr,
      len: bytes,
      memoryBytes: buffer.byteLength,
    });
  }
  // Keeps an argument alive while the next one is allocated, for runtimes that collect.
  rt.pin?.(ptr);
  return ptr;
}

function header(memory: WebAssembly.Memory | undefined, pointer: unknown, what: string) {
  if (memory === undefined) throw protocol(`a ${what} result needs the module's memory`, {});
  const ptr = address(Number(pointer));
  const buffer = memory.buffer;
  if (ptr === 0) throw protocol(`the ${what} result is null`, { ptr });
  if (ptr < idOffset || !inBounds(buffer, ptr, 0)) {
    throw protocol(`the ${what} result at ${ptr} lies outside memory`, { ptr, memoryBytes: buffer.byteLength });
  }
  return { buffer, ptr, id: readU32(buffer, ptr - idOffset), size: readU32(buffer, ptr - sizeOffset) };
}

function checkPayload(buffer: ArrayBuffer, ptr: number, size: number, maxBytes: number): void {
  if (!inBounds(buffer, ptr, size)) {
    throw protocol(`the result (${size} bytes at ${ptr}) lies outside memory`, {
      ptr,
      len: size,
      memoryBytes: buffer.byteLength,
    });
  }
  if (size > maxBytes) {
    throw new TaskRunError("OUTPUT_TOO_LARGE", `the output is ${size} bytes, over the limit of ${maxBytes}`, {
      actual: size,
      limit: maxBytes,
    });
  }
}

/** The type flags of class `id` when it is an array of single bytes, from the module's type info. */
function byteTypeFlags(exports: WebAssembly.Exports, buffer: ArrayBuffer, id: number): number | undefined {
  const base = exports.__rtti_base;
  if (!(base instanceof WebAssembly.Global)) return undefined;
  const rtti = address(Number(base.value));
  if (!inBounds(buffer, rtti, 4) || id >= readU32(buffer, rtti)) return undefined;
  const entry = rtti + 4 + id * 4;
  if (!inBounds(buffer, entry, 4)) return undefined;
  const flags = readU32(buffer, entry);
  const byteValues = ((flags >>> valueAlignShift) & 31) === 1 && (flags & valueFloat) === 0;
  return byteValues && (flags & (arrayBufferView | array | staticArray)) !== 0 ? flags : undefined;
}

function protocol(message: string, details: Record<string, unknown>): TaskRunError {
  return new TaskRunError("GUEST_PROTOCOL_ERROR", message, details);
}
