/**
 * Reads from guest memory. Every pointer and length comes from code we do not trust, so each
 * read is checked against the memory's current size before a view is made.
 */

const utf8 = new TextDecoder("utf-8");
const utf16Strict = new TextDecoder("utf-16le", { fatal: true });

/** Below this many code units `String.fromCharCode` beats the decoder (V8). */
const smallString = 192;
/** `fromCharCode` spreads its arguments on the stack: decode long lone-surrogate strings in chunks. */
const chunk = 1024;

/** Wasm passes i32 arguments to JS as signed numbers: addresses are their unsigned reading. */
export function address(value: number): number {
  return value >>> 0;
}

export function inBounds(buffer: ArrayBuffer, ptr: number, len: number): boolean {
  return ptr + len <= buffer.byteLength;
}

export function readU32(buffer: ArrayBuffer, at: number): number {
  return new DataView(buffer, at, 4).getUint32(0, true);
}

/** UTF-8 with replacement characters for invalid sequences: a log line must never fail to decode. */
export function decodeUtf8(buffer: ArrayBuffer, ptr: number, len: number): string {
  return utf8.decode(new Uint8Array(buffer, ptr, len));
}

/**
 * AssemblyScript strings are WTF-16 (lone surrogates allowed). Kept exactly, as the loader does:
 * the strict decoder first, code units one by one when it refuses.
 */
export function decodeUtf16(buffer: ArrayBuffer, ptr: number, byteLength: number): string {
  const count = byteLength >>> 1;
  // Views of 16-bit units need an even offset; a hostile pointer may be odd.
  const units =
    ptr % 2 === 0 ? new Uint16Array(buffer, ptr, count) : new Uint16Array(buffer.slice(ptr, ptr + count * 2));
  if (count <= smallString) return String.fromCharCode(...units);
  try {
    return utf16Strict.decode(units);
  } catch {
    let text = "";
    for (let start = 0; start < count; start += chunk) {
      text += String.fromCharCode(...units.subarray(start, start + chunk));
    }
    return text;
  }
}

/**
 * The text of an AssemblyScript string for a message (abort, trace): byte length from the header
 * word before it, cut at `maxBytes`, and a placeholder instead of a failure when the pointer lies
 * outside memory.
 */
export function readGuestString(memory: WebAssembly.Memory | undefined, pointer: number, maxBytes: number): string {
  const ptr = address(pointer);
  if (ptr === 0) return "";
  if (memory === undefined) return "<guest memory not available>";
  const buffer = memory.buffer;
  if (ptr < 4 || !inBounds(buffer, ptr, 0)) return `<string at ${ptr} is outside guest memory>`;
  const length = readU32(buffer, ptr - 4);
  if (!inBounds(buffer, ptr, length)) return `<string at ${ptr} with ${length} bytes is outside guest memory>`;
  if (length <= maxBytes) return decodeUtf16(buffer, ptr, length);
  return `${decodeUtf16(buffer, ptr, maxBytes)}… [${length - maxBytes} bytes cut]`;
}

/** A UTF-8 message (log, fail), cut at `maxBytes` with a marker; a placeholder when out of bounds. */
export function readGuestUtf8(
  memory: WebAssembly.Memory | undefined,
  pointer: number,
  length: number,
  maxBytes: number,
): string {
  const ptr = address(pointer);
  const len = address(length);
  if (memory === undefined) return "<guest memory not available>";
  const buffer = memory.buffer;
  if (!inBounds(buffer, ptr, len)) return `<message at ${ptr} with ${len} bytes is outside guest memory>`;
  if (len <= maxBytes) return decodeUtf8(buffer, ptr, len);
  return `${decodeUtf8(buffer, ptr, maxBytes)}… [${len - maxBytes} bytes cut]`;
}
