import { type Issue, TaskRunError } from "../errors/index.js";
import { checkValue, invalidInputError, type ValueType } from "../values/index.js";

const encoder = new TextEncoder();
// Fatal: invalid UTF-8 is refused rather than patched with U+FFFD. A leading BOM is kept as the
// character it is: the guest wrote it.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const wellFormed = String.prototype as unknown as { isWellFormed(this: string): boolean };

/**
 * A ptr-len input as the guest receives it: a string's UTF-8, or a copy of the bytes (the caller
 * may change its array while the call waits). The ptr-len ABI declares `string` or `bytes` only.
 * @throws TaskRunError `INPUT_INVALID` for a value of another type (or a string with a lone
 *   surrogate, which UTF-8 cannot carry), `INPUT_TOO_LARGE` for more than `maxBytes` bytes.
 */
export function ptrLenInput(type: ValueType, value: unknown, maxBytes: number): Uint8Array {
  let bytes: Uint8Array | undefined;
  if (type.kind === "string" && typeof value === "string" && wellFormed.isWellFormed.call(value)) {
    bytes = encoder.encode(value);
  } else if (type.kind === "bytes" && value instanceof Uint8Array) {
    bytes = value.slice();
  }
  if (bytes === undefined) {
    const issues = checkValue(type, value);
    throw invalidInputError({ issues: issues.length > 0 ? issues : [notStringOrBytes(type)], truncated: false });
  }
  if (bytes.byteLength > maxBytes) {
    throw new TaskRunError("INPUT_TOO_LARGE", `input is ${bytes.byteLength} bytes, over the limit of ${maxBytes}`, {
      size: bytes.byteLength,
      limit: maxBytes,
    });
  }
  return bytes;
}

/**
 * A ptr-len output as the caller receives it: a string decoded strictly from UTF-8, or the bytes
 * copied (they may be a view of a buffer that is reused).
 * @throws TaskRunError `OUTPUT_INVALID` when a string's bytes are not valid UTF-8.
 */
export function ptrLenOutput(type: ValueType, bytes: Uint8Array): string | Uint8Array {
  if (type.kind === "bytes") return bytes.slice();
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new TaskRunError("OUTPUT_INVALID", "output: expected string, got bytes that are not valid UTF-8", {
      path: "output",
      expected: "string",
      actual: "invalid UTF-8",
    });
  }
}

// Registration refuses any other declared type; this covers a definition that never went through it.
function notStringOrBytes(type: ValueType): Issue {
  return {
    code: "UNSUPPORTED",
    path: "input",
    expected: "string or bytes",
    actual: type.kind,
    message: `input: a ptr-len task takes a string or bytes, not a ${type.kind}`,
  };
}
