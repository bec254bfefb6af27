import { isUtf8String } from "./accept.js";
import { utf8Short } from "./utf8-short.js";

/** Thrown (not an Error: no stack to capture) when the encoding passes the writer's limit. */
export const overLimit = { reason: "over limit" } as const;

const initialCapacity = 8192;
// A buffer grown past this for one large input is dropped afterwards instead of kept for every call.
const keptCapacity = 1 << 20;
const shortString = 48;
const two32 = 4294967296;
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * MessagePack into one reusable, growable buffer. Integers take their smallest form whatever the
 * declared width (the guest accepts any width that holds the value); floats are always float32 or
 * float64 as declared. `take()` copies the result out, so the buffer serves the next call.
 */
export class MsgpackWriter {
  bytes: Uint8Array;
  private buffer: Buffer;
  private data: DataView;
  pos = 0;
  /** Encoding past this many bytes throws `overLimit` (checked as the buffer grows and at the end). */
  limit = 0;
  busy = false;

  constructor(capacity = initialCapacity) {
    this.bytes = new Uint8Array(capacity);
    this.buffer = Buffer.from(this.bytes.buffer);
    this.data = new DataView(this.bytes.buffer);
  }

  start(limit: number): void {
    this.pos = 0;
    this.limit = limit;
    this.busy = true;
  }

  /** The bytes written, as a copy with its own tightly sized ArrayBuffer (safe to transfer to a worker). */
  take(): Uint8Array {
    if (this.pos > this.limit) throw overLimit;
    return this.bytes.slice(0, this.pos);
  }

  /** The bytes written, as a view of the buffer: valid only until the writer is used again. */
  borrow(): Uint8Array {
    if (this.pos > this.limit) throw overLimit;
    return this.bytes.subarray(0, this.pos);
  }

  finish(): void {
    this.busy = false;
    if (this.bytes.length > keptCapacity) this.resize(initialCapacity);
  }

  ensure(count: number): void {
    if (this.pos + count > this.bytes.length) this.grow(count);
  }

  private grow(count: number): void {
    if (this.pos > this.limit) throw overLimit;
    this.resize(Math.max(this.bytes.length * 2, this.pos + count));
  }

  private resize(capacity: number): void {
    const old = this.bytes;
    this.bytes = new Uint8Array(capacity);
    if (this.pos <= capacity) this.bytes.set(old.subarray(0, this.pos));
    this.buffer = Buffer.from(this.bytes.buffer);
    this.data = new DataView(this.bytes.buffer);
  }

  byte(value: number): void {
    this.ensure(1);
    this.bytes[this.pos++] = value;
  }

  /** An integer in -2^63..2^64-1 whose magnitude is a safe integer. */
  int(value: number): void {
    this.ensure(9);
    const b = this.bytes;
    let p = this.pos;
    // Stores into a Uint8Array keep the low 8 bits, so shifted words need no masking.
    if (value >= 0) {
      if (value < 0x80) {
        b[p++] = value;
      } else if (value < 0x100) {
        b[p++] = 0xcc;
        b[p++] = value;
      } else if (value < 0x10000) {
        b[p++] = 0xcd;
        b[p++] = value >>> 8;
        b[p++] = value;
      } else if (value < two32) {
        b[p++] = 0xce;
        b[p++] = value >>> 24;
        b[p++] = value >>> 16;
        b[p++] = value >>> 8;
        b[p++] = value;
      } else {
        b[p] = 0xcf;
        p = word64(b, p + 1, Math.floor(value / two32), value >>> 0);
      }
    } else if (value >= -32) {
      b[p++] = value;
    } else if (value >= -0x80) {
      b[p++] = 0xd0;
      b[p++] = value;
    } else if (value >= -0x8000) {
      b[p++] = 0xd1;
      b[p++] = value >> 8;
      b[p++] = value;
    } else if (value >= -0x80000000) {
      b[p++] = 0xd2;
      b[p++] = value >> 24;
      b[p++] = value >> 16;
      b[p++] = value >> 8;
      b[p++] = value;
    } else {
      b[p] = 0xd3;
      p = word64(b, p + 1, Math.floor(value / two32), value >>> 0);
    }
    this.pos = p;
  }

  /** A BigInt in -2^63..2^64-1. */
  bigint(value: bigint): void {
    if (value >= -maxSafe && value <= maxSafe) {
      this.int(Number(value));
      return;
    }
    this.ensure(9);
    const p = this.pos;
    if (value < 0n) {
      this.bytes[p] = 0xd3;
      this.data.setBigInt64(p + 1, value);
    } else {
      this.bytes[p] = 0xcf;
      this.data.setBigUint64(p + 1, value);
    }
    this.pos = p + 9;
  }

  f32(value: number): void {
    this.ensure(5);
    this.bytes[this.pos] = 0xca;
    this.data.setFloat32(this.pos + 1, value);
    this.pos += 5;
  }

  f64(value: number): void {
    this.ensure(9);
    this.bytes[this.pos] = 0xcb;
    this.data.setFloat64(this.pos + 1, value);
    this.pos += 9;
  }

  /** Writes a str; returns false, having written nothing, if the string has a lone surrogate. */
  string(value: string): boolean {
    const units = value.length;
    // UTF-8 never takes fewer bytes than UTF-16 code units: a string this long cannot fit.
    if (this.pos + units > this.limit) throw overLimit;
    const most = units * 3;
    const reserved = headerSize(most);
    this.ensure(reserved + most);
    const at = this.pos + reserved;
    let length: number;
    if (units < shortString) {
      length = utf8Short(this.bytes, at, value);
      if (length < 0) return false;
    } else {
      if (!isUtf8String(value)) return false;
      length = this.buffer.write(value, at);
    }
    const used = headerSize(length);
    if (used < reserved) this.bytes.copyWithin(this.pos + used, at, at + length);
    this.header(length, used, 0xa0, 0xd9);
    this.pos += length;
    return true;
  }

  binary(value: Uint8Array): void {
    const length = value.length;
    if (this.pos + length > this.limit) throw overLimit;
    this.ensure(5 + length);
    // bin has no fix form: bin8 c4, bin16 c5, bin32 c6.
    this.header(length, length < 0x100 ? 2 : length < 0x10000 ? 3 : 5, 0, 0xc4);
    this.bytes.set(value, this.pos);
    this.pos += length;
  }

  arrayHeader(count: number): void {
    this.containerHeader(count, 0x90, 0xdc);
  }

  mapHeader(count: number): void {
    this.containerHeader(count, 0x80, 0xde);
  }

  /** Bytes that are already MessagePack (record keys, precompiled). */
  raw(value: Uint8Array): void {
    const length = value.length;
    this.ensure(length);
    const b = this.bytes;
    const p = this.pos;
    for (let i = 0; i < length; i++) b[p + i] = value[i] as number;
    this.pos = p + length;
  }

  private containerHeader(count: number, fix: number, sized: number): void {
    this.ensure(5);
    const b = this.bytes;
    const p = this.pos;
    if (count < 16) {
      b[p] = fix | count;
      this.pos = p + 1;
    } else if (count < 0x10000) {
      b[p] = sized;
      b[p + 1] = count >>> 8;
      b[p + 2] = count;
      this.pos = p + 3;
    } else {
      b[p] = sized + 1;
      b[p + 1] = count >>> 24;
      b[p + 2] = count >>> 16;
      b[p + 3] = count >>> 8;
      b[p + 4] = count;
      this.pos = p + 5;
    }
  }

  // A str/bin header of `size` bytes at pos: 1 = fix form, 2/3/5 = the 8/16/32-bit forms.
  private header(length: number, size: number, fix: number, sized8: number): void {
    const b = this.bytes;
    const p = this.pos;
    if (size === 1) {
      b[p] = fix | length;
    } else if (size === 2) {
      b[p] = sized8;
      b[p + 1] = length;
    } else if (size === 3) {
      b[p] = sized8 + 1;
      b[p + 1] = length >>> 8;
      b[p + 2] = length;
    } else {
      b[p] = sized8 + 2;
      b[p + 1] = length >>> 24;
      b[p + 2] = length >>> 16;
      b[p + 3] = length >>> 8;
      b[p + 4] = length;
    }
    this.pos = p + size;
  }
}

function headerSize(length: number): number {
  return length < 32 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
}

function word64(b: Uint8Array, p: number, high: number, low: number): number {
  b[p] = high >> 24;
  b[p + 1] = high >> 16;
  b[p + 2] = high >> 8;
  b[p + 3] = high;
  b[p + 4] = low >>> 24;
  b[p + 5] = low >>> 16;
  b[p + 6] = low >>> 8;
  b[p + 7] = low;
  return p + 8;
}
