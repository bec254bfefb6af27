import { TaskRunError } from "../../errors/index.js";
import { joinSegments } from "./paths.js";

/**
 * Thrown inside the decoder at the first problem. Lists and records on the way out add their
 * index or field name, so the happy path keeps no path at all.
 */
export class DecodeFailure {
  /** Path segments, innermost first. */
  readonly segments: (string | number)[] = [];

  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly offset: number,
    /** Said instead of `expected …, got …` when the problem is not a type mismatch. */
    readonly problem?: string,
  ) {}

  toError(root: string): TaskRunError {
    const path = joinSegments(root, this.segments);
    const what = this.problem ?? `expected ${this.expected}, got ${this.actual}`;
    return new TaskRunError("OUTPUT_INVALID", `${path}: ${what} (at byte ${this.offset})`, {
      path,
      expected: this.expected,
      actual: this.actual,
      offset: this.offset,
    });
  }
}

/** Adds a path segment to a failure passing through a list or record; other errors pass untouched. */
export function within(error: unknown, segment: string | number): unknown {
  if (error instanceof DecodeFailure) error.segments.push(segment);
  return error;
}

/** What the MessagePack value starting at `pos` is, for messages: `int`, `map`, `extension type 5`. */
export function describeWire(bytes: Uint8Array, pos: number, end: number): string {
  if (pos >= end) return "end of data";
  const byte = bytes[pos] as number;
  if (byte < 0x80 || byte >= 0xe0) return "int";
  if (byte < 0x90) return "map";
  if (byte < 0xa0) return "array";
  if (byte < 0xc0) return "string";
  switch (byte) {
    case 0xc0:
      return "nil";
    case 0xc1:
      return "reserved byte 0xc1";
    case 0xc2:
    case 0xc3:
      return "bool";
    case 0xc4:
    case 0xc5:
    case 0xc6:
      return "bytes";
    case 0xca:
    case 0xcb:
      return "float";
    case 0xd9:
    case 0xda:
    case 0xdb:
      return "string";
    case 0xdc:
    case 0xdd:
      return "array";
    case 0xde:
    case 0xdf:
      return "map";
    case 0xc7:
      return extension(bytes, pos + 2, end);
    case 0xc8:
      return extension(bytes, pos + 3, end);
    case 0xc9:
      return extension(bytes, pos + 5, end);
    default:
      // 0xcc–0xd3 are the sized ints, 0xd4–0xd8 the fixext forms with their type right after the marker.
      return byte <= 0xd3 ? "int" : extension(bytes, pos + 1, end);
  }
}

function extension(bytes: Uint8Array, typeAt: number, end: number): string {
  if (typeAt >= end) return "extension value";
  const type = ((bytes[typeAt] as number) << 24) >> 24;
  return `extension type ${type}`;
}
