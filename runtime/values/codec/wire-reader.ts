import { DecodeFailure, describeWire } from "./decode-failure.js";
import type { TypeNode } from "./type-node.js";

const two32 = 4294967296;
// Short ASCII strings are built in JavaScript; TextDecoder's call costs more than the loop.
const shortString = 24;
// fatal: malformed UTF-8 is an error, not U+FFFD; ignoreBOM: a leading U+FEFF is data, not a marker.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder("utf-8");

/**
 * Reads MessagePack scalars and headers for the output decoder. Every read checks that its bytes
 * are there; a value of another family than the one asked for is the subclass's `wrongType`.
 */
export abstract class WireReader {
  protected bytes: Uint8Array = new Uint8Array(0);
  protected pos = 0;
  protected end = 0;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  protected begin(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.pos = 0;
    this.end = bytes.length;
  }

  protected abstract wrongType(node: TypeNode, pos: number): DecodeFailure;

  /** Checks that `count` bytes from `pos` are there, naming what was cut short otherwise. */
  private need(node: TypeNode, pos: number, count: number, what: string): void {
    if (pos + count > this.end) {
      throw new DecodeFailure(node.expected, `${what} cut short (${this.end - pos} of ${count} bytes)`, pos);
    }
  }

  private u32(at: number): number {
    const b = this.bytes;
    return (
      (b[at] as number) * 0x1000000 +
      (((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number))
    );
  }

  /** Any MessagePack integer: a number when it is a safe integer, a BigInt otherwise. */
  protected int(node: TypeNode, pos: number, byte: number): number | bigint {
    if (byte < 0x80) {
      this.pos = pos + 1;
      return byte;
    }
    if (byte >= 0xe0) {
      this.pos = pos + 1;
      return byte - 0x100;
    }
    const b = this.bytes;
    switch (byte) {
      case 0xcc:
        this.need(node, pos, 2, "int");
        this.pos = pos + 2;
        return b[pos + 1] as number;
      case 0xcd:
        this.need(node, pos, 3, "int");
        this.pos = pos + 3;
        return ((b[pos + 1] as number) << 8) | (b[pos + 2] as number);
      case 0xce:
        this.need(node, pos, 5, "int");
        this.pos = pos + 5;
        return this.u32(pos + 1);
      case 0xd0:
        this.need(node, pos, 2, "int");
        this.pos = pos + 2;
        return ((b[pos + 1] as number) << 24) >> 24;
      case 0xd1:
        this.need(node, pos, 3, "int");
        this.pos = pos + 3;
        return ((((b[pos + 1] as number) << 8) | (b[pos + 2] as number)) << 16) >> 16;
      case 0xd2:
        this.need(node, pos, 5, "int");
        this.pos = pos + 5;
        return this.u32(pos + 1) | 0;
      case 0xcf:
      case 0xd3: {
        this.need(node, pos, 9, "int");
        this.pos = pos + 9;
        const high = byte === 0xcf ? this.u32(pos + 1) : this.u32(pos + 1) | 0;
        const low = this.u32(pos + 5);
        // Exact whenever the true value is within ±2^53; anything larger rounds to an unsafe number.
        const value = high * two32 + low;
        if (Number.isSafeInteger(value)) return value;
        return (BigInt(high) << 32n) + BigInt(low);
      }
      default:
        throw this.wrongType(node, pos);
    }
  }

  /** A float32 or float64, or any integer (encoders write whole-number floats as integers). */
  protected float(node: TypeNode, pos: number, byte: number): number {
    const view = this.scratch;
    if (byte === 0xca) {
      this.need(node, pos, 5, "float32");
      view.setUint32(0, this.u32(pos + 1));
      this.pos = pos + 5;
      return view.getFloat32(0);
    }
    if (byte === 0xcb) {
      this.need(node, pos, 9, "float64");
      view.setUint32(0, this.u32(pos + 1));
      view.setUint32(4, this.u32(pos + 5));
      this.pos = pos + 9;
      return view.getFloat64(0);
    }
    return Number(this.int(node, pos, byte));
  }

  /** Reads a str header at `pos`, leaving `pos` after it; returns the byte length, or -1 if no str starts there. */
  protected stringHeader(pos: number): number {
    const byte = this.bytes[pos] as number;
    let size: number;
    let length: number;
    if (byte >= 0xa0 && byte <= 0xbf) {
      size = 1;
      length = byte & 0x1f;
    } else if (byte === 0xd9 && pos + 2 <= this.end) {
      size = 2;
      length = this.bytes[pos + 1] as number;
    } else if (byte === 0xda && pos + 3 <= this.end) {
      size = 3;
      length = ((this.bytes[pos + 1] as number) << 8) | (this.bytes[pos + 2] as number);
    } else if (byte === 0xdb && pos + 5 <= this.end) {
      size = 5;
      length = this.u32(pos + 1);
    } else {
      return -1;
    }
    if (length > this.end - pos - size) return -1;
    this.pos = pos + size;
    return length;
  }

  protected string(node: TypeNode, pos: number): string {
    const length = this.stringHeader(pos);
    if (length < 0) throw this.notAString(node.expected, pos);
    const start = this.pos;
    this.pos = start + length;
    const b = this.bytes;
    if (length < shortString) {
      let text = "";
      let i = start;
      for (; i < start + length; i++) {
        const unit = b[i] as number;
        if (unit >= 0x80) break;
        text += String.fromCharCode(unit);
      }
      if (i === start + length) return text;
    }
    try {
      return utf8.decode(b.subarray(start, start + length));
    } catch {
      throw new DecodeFailure(node.expected, "bytes that are not valid UTF-8", pos);
    }
  }

  protected binary(node: TypeNode, pos: number, byte: number): Uint8Array {
    const size = byte === 0xc4 ? 2 : byte === 0xc5 ? 3 : byte === 0xc6 ? 5 : 0;
    if (size === 0) throw this.wrongType(node, pos);
    this.need(node, pos, size, "bytes header");
    const b = this.bytes;
    const length =
      size === 2
        ? (b[pos + 1] as number)
        : size === 3
          ? ((b[pos + 1] as number) << 8) | (b[pos + 2] as number)
          : this.u32(pos + 1);
    const start = pos + size;
    if (length > this.end - start) throw this.tooLong(node, pos, length, "bytes", this.end - start);
    this.pos = start + length;
    // A copy: the caller may be holding a view into guest memory that the next call overwrites.
    return b.slice(start, start + length);
  }

  /** Reads an array or map header: the count, checked against the bytes left (`perItem` bytes at least each). */
  protected containerLength(
    node: TypeNode,
    pos: number,
    byte: number,
    fix: number,
    sized16: number,
    perItem: number,
  ): number {
    let size: number;
    let count: number;
    const b = this.bytes;
    if (byte >= fix && byte <= fix + 15) {
      size = 1;
      count = byte & 0x0f;
    } else if (byte === sized16) {
      this.need(node, pos, 3, "header");
      size = 3;
      count = ((b[pos + 1] as number) << 8) | (b[pos + 2] as number);
    } else if (byte === sized16 + 1) {
      this.need(node, pos, 5, "header");
      size = 5;
      count = this.u32(pos + 1);
    } else {
      throw this.wrongType(node, pos);
    }
    const left = this.end - pos - size;
    if (count * perItem > left) throw this.tooLong(node, pos, count, perItem === 1 ? "elements" : "entries", left);
    this.pos = pos + size;
    return count;
  }

  /** The text of `length` bytes at `start`, whatever they hold, for messages. */
  protected lenientText(start: number, length: number): string {
    return lenient.decode(this.bytes.subarray(start, start + Math.min(length, 256)));
  }

  private tooLong(node: TypeNode, pos: number, count: number, unit: string, left: number): DecodeFailure {
    return new DecodeFailure(node.expected, `a header of ${count} ${unit} with only ${left} bytes left`, pos);
  }

  /** Why no str could be read at `pos`: not a str at all, or one longer than the bytes left. */
  protected notAString(expected: string, pos: number): DecodeFailure {
    const byte = this.bytes[pos] as number;
    const isStr = (byte >= 0xa0 && byte <= 0xbf) || (byte >= 0xd9 && byte <= 0xdb);
    const actual = isStr
      ? `a string longer than the ${this.end - pos} bytes left`
      : describeWire(this.bytes, pos, this.end);
    return new DecodeFailure(expected, actual, pos);
  }
}
