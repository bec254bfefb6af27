import { fail } from "./fail";
import { kindName, kindOf } from "./kind";
import { ValuePath } from "./path";

/**
 * The byte-level half of `Reader`: a bounds-checked position in the input and the MessagePack
 * headers. Every problem ends the call through `fail`, prefixed with the current path.
 */
export class Cursor {
  pos: usize;
  readonly end: usize;
  readonly path: ValuePath;
  // The last integer read: its two's complement bits and whether it is below zero.
  negative: bool = false;
  bits: u64 = 0;

  constructor(ptr: usize, length: usize, root: string) {
    this.pos = ptr;
    this.end = ptr + length;
    this.path = new ValuePath(root);
  }

  get remaining(): usize {
    return this.end - this.pos;
  }

  error(message: string): void {
    fail(`${this.path.toString()}: ${message}`);
  }

  need(count: usize): void {
    if (this.end - this.pos < count) this.error("unexpected end of input");
  }

  /** The next byte, not consumed. */
  peek(): u32 {
    this.need(1);
    return load<u8>(this.pos);
  }

  /** Advances past `count` bytes and returns where they start. */
  take(count: usize): usize {
    this.need(count);
    const at = this.pos;
    this.pos += count;
    return at;
  }

  unexpected(expected: string): void {
    this.error(`expected ${expected}, got ${kindName(kindOf(this.peek()))}`);
  }

  /** Fails on the integer last read: `expected u32, got int -1 (out of range)`. */
  outOfRange(expected: string, why: string = "out of range"): void {
    this.error(`expected ${expected}, got int ${this.lastInt()} (${why})`);
  }

  /** The integer last read, in decimal. */
  lastInt(): string {
    return this.negative ? (this.bits as i64).toString() : this.bits.toString();
  }

  /** Reads any integer format into `negative` and `bits`; fails with `expected` on anything else. */
  readInt(expected: string): void {
    const byte = this.peek();
    if (byte <= 0x7f) {
      this.pos++;
      this.setSigned(byte as i64);
    } else if (byte >= 0xe0) {
      this.pos++;
      this.setSigned(byte as i8 as i64);
    } else if (byte === 0xcc) this.setUnsigned(load<u8>(this.take(2), 1));
    else if (byte === 0xcd) this.setUnsigned(bswap<u16>(load<u16>(this.take(3), 1)));
    else if (byte === 0xce) this.setUnsigned(bswap<u32>(load<u32>(this.take(5), 1)));
    else if (byte === 0xcf) this.setUnsigned(bswap<u64>(load<u64>(this.take(9), 1)));
    else if (byte === 0xd0) this.setSigned(load<i8>(this.take(2), 1) as i64);
    else if (byte === 0xd1) this.setSigned(bswap<i16>(load<i16>(this.take(3), 1)) as i64);
    else if (byte === 0xd2) this.setSigned(bswap<i32>(load<i32>(this.take(5), 1)) as i64);
    else if (byte === 0xd3) this.setSigned(bswap<i64>(load<i64>(this.take(9), 1)));
    else this.unexpected(expected);
  }

  /** A str header: the byte length of the UTF-8 that follows. */
  stringHeader(expected: string): usize {
    const byte = this.peek();
    if (byte >= 0xa0 && byte <= 0xbf) {
      this.pos++;
      return byte & 0x1f;
    }
    if (byte === 0xd9) return load<u8>(this.take(2), 1);
    if (byte === 0xda) return bswap<u16>(load<u16>(this.take(3), 1));
    if (byte === 0xdb) return bswap<u32>(load<u32>(this.take(5), 1));
    this.unexpected(expected);
    return 0;
  }

  /** A bin header: the byte length that follows, checked against the input. */
  bytesHeader(): usize {
    const byte = this.peek();
    let length: usize = 0;
    if (byte === 0xc4) length = load<u8>(this.take(2), 1);
    else if (byte === 0xc5) length = bswap<u16>(load<u16>(this.take(3), 1));
    else if (byte === 0xc6) length = bswap<u32>(load<u32>(this.take(5), 1));
    else this.unexpected("bytes");
    return this.checkLength(length, 1);
  }

  /** An array header (`fix`: 0x90, `sized`: 0xdc) or map header (0x80, 0xde): the element count. */
  containerHeader(fix: u32, sized: u32, expected: string, bytesPerItem: usize): usize {
    const byte = this.peek();
    let count: usize = 0;
    if (byte >= fix && byte <= fix + 0x0f) {
      this.pos++;
      count = byte & 0x0f;
    } else if (byte === sized) count = bswap<u16>(load<u16>(this.take(3), 1));
    else if (byte === sized + 1) count = bswap<u32>(load<u32>(this.take(5), 1));
    else this.unexpected(expected);
    return this.checkLength(count, bytesPerItem);
  }

  /** Consumes an ext value whose first byte is `byte`. */
  skipExt(byte: u32): void {
    if (byte >= 0xd4) {
      // fixext 1, 2, 4, 8, 16: marker, type, then 2^(byte - 0xd4) bytes of data.
      this.take(2 + ((1 as usize) << (byte - 0xd4)));
      return;
    }
    let length: usize = 0;
    if (byte === 0xc7) length = load<u8>(this.take(2), 1);
    else if (byte === 0xc8) length = bswap<u16>(load<u16>(this.take(3), 1));
    else length = bswap<u32>(load<u32>(this.take(5), 1));
    this.take(1 + length);
  }

  // Each element takes at least one byte, so a count beyond the remaining input is a lie that
  // would otherwise allocate before failing.
  private checkLength(count: usize, bytesPerItem: usize): usize {
    if (count > this.remaining / bytesPerItem || count > (i32.MAX_VALUE as usize)) {
      this.error(`length ${count} is longer than the rest of the input`);
    }
    return count;
  }

  private setSigned(value: i64): void {
    this.negative = value < 0;
    this.bits = value as u64;
  }

  private setUnsigned(value: u64): void {
    this.negative = false;
    this.bits = value;
  }
}
