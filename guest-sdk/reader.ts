import { Cursor } from "./cursor";
import { Kind, kindOf } from "./kind";
import { isWellFormedUtf8 } from "./utf8";

/**
 * Reads MessagePack from linear memory. Every read is bounds-checked, and every mismatch ends the
 * call through `fail` with the path of the offending value, e.g.
 * `input.items[2].name: expected string, got int`.
 *
 * Integer reads accept any MessagePack integer format whose value fits the requested type; float
 * reads also accept integers, since encoders write whole-number floats as integers.
 */
export class Reader {
  private readonly at: Cursor;
  // The last map key read by readKey, still as UTF-8 in the input.
  private keyPtr: usize = 0;
  private keyLen: usize = 0;
  // Whether the variant case last read by readCase came with a payload.
  private casePayload: bool = false;

  /** Reads the `length` bytes at `ptr`; `root` names the whole value in error paths. */
  constructor(ptr: usize, length: usize, root: string = "value") {
    this.at = new Cursor(ptr, length, root);
  }

  /** Reads the bytes of `bytes` (which must stay alive while the reader is used). */
  static fromBytes(bytes: Uint8Array, root: string = "value"): Reader {
    return new Reader(bytes.dataStart, bytes.byteLength, root);
  }

  /** Bytes not read yet. */
  get remaining(): usize {
    return this.at.remaining;
  }

  /** Marks that the values read next belong to field `name`, until `leave()`. */
  enterField(name: string): void {
    this.at.path.enterField(name);
  }

  /** Marks that the values read next belong to list element `index`, until `leave()`. */
  enterIndex(index: i32): void {
    this.at.path.enterIndex(index);
  }

  leave(): void {
    this.at.path.leave();
  }

  /** Fails the call with `message` prefixed by the current path. Never returns. */
  error(message: string): void {
    this.at.error(message);
  }

  /** Fails because the record being read lacks field `name`. */
  missingField(name: string): void {
    this.at.path.enterField(name);
    this.at.error("missing required field");
  }

  /** Fails because the record being read has field `name` twice. */
  duplicateField(name: string): void {
    this.at.path.enterField(name);
    this.at.error("field appears twice");
  }

  /** The family of the next value, without consuming it. */
  peekKind(): Kind {
    return kindOf(this.at.peek());
  }

  /** Whether the next value is nil, without consuming it. */
  isNil(): bool {
    return this.at.pos < this.at.end && load<u8>(this.at.pos) === 0xc0;
  }

  readNil(): void {
    if (!this.tryReadNil()) this.at.unexpected("nil");
  }

  /** Consumes the next value and returns true if it is nil; otherwise consumes nothing. */
  tryReadNil(): bool {
    if (!this.isNil()) return false;
    this.at.pos++;
    return true;
  }

  readBool(): bool {
    const byte = this.at.peek();
    if (byte !== 0xc2 && byte !== 0xc3) this.at.unexpected("bool");
    this.at.pos++;
    return byte === 0xc3;
  }

  readI32(): i32 {
    const at = this.at;
    at.readInt("s32");
    if (at.negative ? (at.bits as i64) < i32.MIN_VALUE : at.bits > (i32.MAX_VALUE as u64)) at.outOfRange("s32");
    return at.bits as i32;
  }

  readU32(): u32 {
    const at = this.at;
    at.readInt("u32");
    if (at.negative || at.bits > (u32.MAX_VALUE as u64)) at.outOfRange("u32");
    return at.bits as u32;
  }

  readI64(): i64 {
    const at = this.at;
    at.readInt("s64");
    if (!at.negative && at.bits > (i64.MAX_VALUE as u64)) at.outOfRange("s64");
    return at.bits as i64;
  }

  readU64(): u64 {
    const at = this.at;
    at.readInt("u64");
    if (at.negative) at.outOfRange("u64");
    return at.bits;
  }

  readF32(): f32 {
    const at = this.at;
    const byte = at.peek();
    if (byte === 0xca) return reinterpret<f32>(bswap<u32>(load<u32>(at.take(5), 1)));
    if (byte === 0xcb) return reinterpret<f64>(bswap<u64>(load<u64>(at.take(9), 1))) as f32;
    at.readInt("f32");
    return at.negative ? (at.bits as i64 as f32) : (at.bits as f32);
  }

  readF64(): f64 {
    const at = this.at;
    const byte = at.peek();
    if (byte === 0xcb) return reinterpret<f64>(bswap<u64>(load<u64>(at.take(9), 1)));
    if (byte === 0xca) return reinterpret<f32>(bswap<u32>(load<u32>(at.take(5), 1))) as f64;
    at.readInt("f64");
    return at.negative ? (at.bits as i64 as f64) : (at.bits as f64);
  }

  /** Reads a char: its code point, a Unicode scalar value (at most U+10FFFF, not a surrogate). */
  readChar(): u32 {
    const at = this.at;
    at.readInt("char");
    const bits = at.bits;
    if (at.negative || bits > 0x10ffff || (bits >= 0xd800 && bits <= 0xdfff)) {
      at.outOfRange("char", "not a Unicode scalar value");
    }
    return bits as u32;
  }

  /** Reads an enum of `count` cases: the index of its case. */
  readEnum(count: i32): i32 {
    return this.readIndex(count, "enum");
  }

  /** Reads flags, `count` of them: a bitmask with bit i for flag i and no bit beyond. */
  readFlags(count: i32): u32 {
    const at = this.at;
    at.readInt("flags");
    if (at.negative) at.outOfRange("flags");
    if (at.bits >> (count as u64) !== 0) at.outOfRange("flags", `bits past the ${count} flags`);
    return at.bits as u32;
  }

  /** Reads the header of a tuple of `count` items, which follow; any other length fails. */
  readTupleHeader(count: i32): void {
    const at = this.at;
    if (kindOf(at.peek()) !== Kind.Array) at.unexpected(`tuple of ${count} items`);
    const length = at.containerHeader(0x90, 0xdc, "tuple", 1);
    if (length !== (count as usize)) at.error(`expected tuple of ${count} items, got ${anArrayOf(length)}`);
  }

  /**
   * Reads the start of a variant of `count` cases (a result is one of two: ok and err),
   * `[index]` or `[index, payload]`, and returns the index. The case decides next whether a
   * payload must follow: `enterPayload` or `expectNoPayload`.
   */
  readCase(count: i32, expected: string = "variant"): i32 {
    const length = this.at.containerHeader(0x90, 0xdc, expected, 1);
    if (length < 1 || length > 2) {
      this.at.error(`expected ${expected} as [case] or [case, payload], got ${anArrayOf(length)}`);
    }
    this.casePayload = length === 2;
    return this.readIndex(count, expected);
  }

  /** Checks that the case just read carries a payload and marks that what follows is it (`.val`), until `leave()`. */
  enterPayload(name: string): void {
    this.at.path.enterField("val");
    if (!this.casePayload) this.at.error(`missing payload of case "${name}"`);
  }

  /** Checks that the case just read carries no payload. */
  expectNoPayload(name: string): void {
    if (!this.casePayload) return;
    this.at.path.enterField("val");
    this.at.error(`case "${name}" carries no payload`);
  }

  readString(): string {
    const length = this.at.stringHeader("string");
    const ptr = this.at.take(length);
    if (!isWellFormedUtf8(ptr, length)) this.at.error("string is not well-formed UTF-8");
    return String.UTF8.decodeUnsafe(ptr, length);
  }

  /** Reads a string map key without decoding it; compare it with `keyIs`. */
  readKey(): void {
    const length = this.at.stringHeader("string key");
    this.keyPtr = this.at.take(length);
    this.keyLen = length;
  }

  /** Whether the key last read by `readKey` equals `name`, an ASCII field name. */
  keyIs(name: string): bool {
    const length = name.length;
    if (this.keyLen !== (length as usize)) return false;
    for (let i = 0; i < length; i++) {
      if ((load<u8>(this.keyPtr + i) as i32) !== name.charCodeAt(i)) return false;
    }
    return true;
  }

  readBytes(): Uint8Array {
    const length = this.at.bytesHeader();
    const bytes = new Uint8Array(length as i32);
    memory.copy(bytes.dataStart, this.at.take(length), length);
    return bytes;
  }

  /** Reads an array header and returns how many elements follow. */
  readArrayHeader(): i32 {
    return this.at.containerHeader(0x90, 0xdc, "array", 1) as i32;
  }

  /** Reads a map header and returns how many key/value pairs follow. */
  readMapHeader(): i32 {
    return this.at.containerHeader(0x80, 0xde, "map", 2) as i32;
  }

  /**
   * Consumes the next value whatever it is, nested arrays and maps included. It counts pending
   * values instead of recursing, so no nesting can exhaust the stack (there is no depth to cap),
   * and every value consumes at least one byte, so it ends with the input.
   */
  skip(): void {
    const at = this.at;
    let pending: u64 = 1;
    while (pending > 0) {
      pending--;
      const byte = at.peek();
      switch (kindOf(byte)) {
        case Kind.Nil:
        case Kind.Bool:
          at.pos++;
          break;
        case Kind.Int:
          at.readInt("int");
          break;
        case Kind.Float:
          at.take(byte === 0xca ? 5 : 9);
          break;
        case Kind.String:
          at.take(at.stringHeader("string"));
          break;
        case Kind.Bytes:
          at.take(at.bytesHeader());
          break;
        case Kind.Array:
          pending += this.readArrayHeader() as u64;
          break;
        case Kind.Map:
          pending += (this.readMapHeader() as u64) * 2;
          break;
        case Kind.Ext:
          at.skipExt(byte);
          break;
        default:
          at.unexpected("a value");
      }
    }
  }

  /** Fails unless every byte was read: the input is exactly one value. */
  expectEnd(): void {
    if (this.at.remaining !== 0) this.at.error(`${this.at.remaining} unexpected bytes after the value`);
  }

  /** An enum's or a variant's case index, below `count`. */
  private readIndex(count: i32, expected: string): i32 {
    const at = this.at;
    at.readInt(expected);
    if (at.negative || at.bits >= (count as u64)) {
      at.error(`expected ${expected}, got case index ${at.lastInt()} (the type has ${count})`);
    }
    return at.bits as i32;
  }
}

function anArrayOf(length: usize): string {
  return length === 1 ? "an array of 1 item" : `an array of ${length} items`;
}
