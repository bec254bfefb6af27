import { ModuleParseError } from "../errors/index.js";

// One decoder for every name: `fatal` turns invalid UTF-8 into an exception we can report.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const truncatedLeb = -1;
const invalidLeb = -2;

// Names are almost always short ASCII; building those by hand skips TextDecoder's per-call cost.
const asciiFastPathLimit = 64;

/**
 * A cursor over one region of module bytes. Every read is checked against `end`, so a reader
 * confined to a section can never run into the next one, and every failure is a ModuleParseError
 * naming the offset where decoding stopped.
 */
export class Reader {
  readonly bytes: Uint8Array;
  pos: number;
  end: number;

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(message: string, offset: number = this.pos): never {
    throw new ModuleParseError(`${message} at offset ${offset}`, { offset, size: this.bytes.length });
  }

  u8(what: string): number {
    if (this.pos >= this.end) this.fail(`unexpected end of ${what}`);
    return this.bytes[this.pos++] as number;
  }

  /** An unsigned LEB128 of at most 32 bits: at most 5 bytes, unused bits of the last byte zero. */
  u32(what: string): number {
    const start = this.pos;
    const value = this.leb32();
    return value >= 0 ? value : this.lebFail(value, what, start);
  }

  // Returns the value, or `truncatedLeb` / `invalidLeb`: messages are only built on failure, so
  // the hot path allocates nothing.
  private leb32(): number {
    const bytes = this.bytes;
    const end = this.end;
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (this.pos >= end) return truncatedLeb;
      const byte = bytes[this.pos++] as number;
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
    }
    if (this.pos >= end) return truncatedLeb;
    const last = bytes[this.pos++] as number;
    if ((last & 0xf0) !== 0) return invalidLeb;
    return (result | (last << 28)) >>> 0;
  }

  private lebFail(code: number, what: string, start: number, suffix = ""): never {
    if (code === truncatedLeb) return this.fail(`unexpected end of ${what}${suffix}`, start);
    return this.fail(`${what}${suffix} is too long or too large for a u32`, start);
  }

  /**
   * An unsigned LEB128 of at most 64 bits (memory64 limits). Values past 2^53 cannot be held
   * exactly in a number and are refused rather than rounded.
   */
  u64(what: string): number {
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail(`unexpected end of ${what}`, start);
      const byte = this.bytes[this.pos++] as number;
      if (i === 9 && (byte & 0xfe) !== 0) this.fail(`${what} is too long or too large for a u64`, start);
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) {
        if (!Number.isSafeInteger(result)) this.fail(`${what} is too large`, start);
        return result;
      }
    }
    return this.fail(`${what} is too long`, start);
  }

  /**
   * A signed LEB128 of at most `bits` bits. The value is exact up to 2^53 in magnitude, which
   * covers the s33 heap types we read; 64-bit constants are only ever skipped.
   */
  signed(bits: 32 | 33 | 64, what: string): number {
    const start = this.pos;
    const maxBytes = Math.ceil(bits / 7);
    // Bits of the last byte above the value's sign bit: they must all repeat it.
    const lastUsedBits = bits - 7 * (maxBytes - 1);
    const signMask = 0x7f & ~((1 << (lastUsedBits - 1)) - 1);
    let result = 0;
    let scale = 1;
    for (let i = 0; i < maxBytes; i++) {
      if (this.pos >= this.end) this.fail(`unexpected end of ${what}`, start);
      const byte = this.bytes[this.pos++] as number;
      if (i === maxBytes - 1) {
        const extension = byte & signMask;
        if ((byte & 0x80) !== 0 || (extension !== 0 && extension !== signMask)) {
          this.fail(`${what} is too long or out of range`, start);
        }
      }
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return (byte & 0x40) === 0 ? result : result - scale;
    }
    return this.fail(`${what} is too long`, start);
  }

  skip(count: number, what: string): void {
    if (count > this.end - this.pos) this.fail(`unexpected end of ${what}`);
    this.pos += count;
  }

  view(count: number, what: string): Uint8Array {
    const start = this.pos;
    this.skip(count, what);
    return this.bytes.subarray(start, start + count);
  }

  /**
   * A vector length. Every element takes at least `minElementBytes` bytes, so a count the rest
   * of the region cannot hold is refused before anything is allocated or looped over.
   */
  count(what: string, minElementBytes = 1): number {
    const start = this.pos;
    const n = this.leb32();
    if (n < 0) this.lebFail(n, what, start, " count");
    if (n * minElementBytes > this.end - this.pos) {
      this.fail(`${what} count ${n} does not fit in the ${this.end - this.pos} bytes that remain`, start);
    }
    return n;
  }

  name(what: string): string {
    const start = this.pos;
    const length = this.leb32();
    if (length < 0) this.lebFail(length, what, start, " length");
    if (length > this.end - this.pos) this.fail(`${what} is longer than the bytes that remain`, start);
    const from = this.pos;
    const to = from + length;
    this.pos = to;
    const bytes = this.bytes;
    if (length <= asciiFastPathLimit) {
      let text = "";
      let i = from;
      for (; i < to; i++) {
        const byte = bytes[i] as number;
        if (byte >= 0x80) break;
        text += String.fromCharCode(byte);
      }
      if (i === to) return text;
    }
    try {
      return utf8.decode(bytes.subarray(from, to));
    } catch {
      return this.fail(`${what} is not valid UTF-8`, start);
    }
  }

  /** Refuses bytes left over at the end of a region that should have been read completely. */
  expectEnd(what: string): void {
    if (this.pos !== this.end) this.fail(`${this.end - this.pos} unexpected bytes at the end of ${what}`);
  }
}
