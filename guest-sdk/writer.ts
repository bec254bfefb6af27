import { outputDescriptor } from "./abi";

/**
 * Writes MessagePack into a growable buffer outside the managed heap. Integers take the smallest
 * encoding that holds their value; f32 and f64 are always float32 and float64.
 */
export class Writer {
  private buffer: usize;
  private capacity: usize;
  private length: usize = 0;

  constructor(initialCapacity: usize = 256) {
    this.capacity = max<usize>(initialCapacity, 16);
    this.buffer = heap.alloc(this.capacity);
  }

  /** Bytes written so far. */
  get byteLength(): usize {
    return this.length;
  }

  writeNil(): void {
    this.writeByte(0xc0);
  }

  writeBool(value: bool): void {
    this.writeByte(value ? 0xc3 : 0xc2);
  }

  writeI32(value: i32): void {
    this.writeI64(value as i64);
  }

  writeU32(value: u32): void {
    this.writeU64(value as u64);
  }

  writeI64(value: i64): void {
    if (value >= 0) {
      this.writeU64(value as u64);
    } else if (value >= -32) {
      this.writeByte((value as u32) & 0xff);
    } else if (value >= i8.MIN_VALUE) {
      const at = this.reserve(2);
      store<u8>(at, 0xd0);
      store<i8>(at, value as i8, 1);
    } else if (value >= i16.MIN_VALUE) {
      const at = this.reserve(3);
      store<u8>(at, 0xd1);
      store<i16>(at, bswap<i16>(value as i16), 1);
    } else if (value >= i32.MIN_VALUE) {
      const at = this.reserve(5);
      store<u8>(at, 0xd2);
      store<i32>(at, bswap<i32>(value as i32), 1);
    } else {
      const at = this.reserve(9);
      store<u8>(at, 0xd3);
      store<i64>(at, bswap<i64>(value), 1);
    }
  }

  writeU64(value: u64): void {
    if (value <= 0x7f) {
      this.writeByte(value as u32);
    } else if (value <= u8.MAX_VALUE) {
      const at = this.reserve(2);
      store<u8>(at, 0xcc);
      store<u8>(at, value as u8, 1);
    } else if (value <= u16.MAX_VALUE) {
      const at = this.reserve(3);
      store<u8>(at, 0xcd);
      store<u16>(at, bswap<u16>(value as u16), 1);
    } else if (value <= u32.MAX_VALUE) {
      const at = this.reserve(5);
      store<u8>(at, 0xce);
      store<u32>(at, bswap<u32>(value as u32), 1);
    } else {
      const at = this.reserve(9);
      store<u8>(at, 0xcf);
      store<u64>(at, bswap<u64>(value), 1);
    }
  }

  writeF32(value: f32): void {
    const at = this.reserve(5);
    store<u8>(at, 0xca);
    store<u32>(at, bswap<u32>(reinterpret<u32>(value)), 1);
  }

  writeF64(value: f64): void {
    const at = this.reserve(9);
    store<u8>(at, 0xcb);
    store<u64>(at, bswap<u64>(reinterpret<u64>(value)), 1);
  }

  writeString(value: string): void {
    const length = String.UTF8.byteLength(value) as usize;
    this.writeHeader(length, 0xa0, 31, 0xd9);
    const at = this.reserve(length);
    String.UTF8.encodeUnsafe(changetype<usize>(value), value.length, at);
  }

  writeBytes(value: Uint8Array): void {
    const length = value.byteLength as usize;
    this.writeHeader(length, 0, 0, 0xc4);
    memory.copy(this.reserve(length), value.dataStart, length);
  }

  /** Starts an array of `count` elements; write them next. */
  writeArrayHeader(count: i32): void {
    this.writeHeader(count as usize, 0x90, 15, 0xdc);
  }

  /** Starts a map of `count` key/value pairs; write key, value, key, value… next. */
  writeMapHeader(count: i32): void {
    this.writeHeader(count as usize, 0x80, 15, 0xde);
  }

  /** Copies already encoded MessagePack (for instance another Writer's `toBytes()`) as-is. */
  writeRaw(bytes: Uint8Array): void {
    memory.copy(this.reserve(bytes.byteLength), bytes.dataStart, bytes.byteLength);
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    const bytes = new Uint8Array(this.length as i32);
    memory.copy(bytes.dataStart, this.buffer, this.length);
    return bytes;
  }

  /** The descriptor an sdk entry returns: where the written bytes lie and how many there are. */
  finish(): usize {
    return outputDescriptor(this.buffer, this.length);
  }

  // Headers share one shape: a fix form for small counts, then 8/16/32-bit forms whose markers
  // follow each other (str8 d9, str16 da, str32 db; bin8 c4…; array16 dc, array32 dd; map16 de…).
  // Arrays and maps have no 8-bit form, so their first sized marker is the 16-bit one.
  private writeHeader(count: usize, fixMarker: u32, fixMax: usize, sizedMarker: u32): void {
    if (fixMarker !== 0 && count <= fixMax) {
      this.writeByte(fixMarker | (count as u32));
      return;
    }
    const has8 = sizedMarker === 0xd9 || sizedMarker === 0xc4;
    if (has8 && count <= u8.MAX_VALUE) {
      const at = this.reserve(2);
      store<u8>(at, sizedMarker);
      store<u8>(at, count as u8, 1);
    } else if (count <= u16.MAX_VALUE) {
      const at = this.reserve(3);
      store<u8>(at, has8 ? sizedMarker + 1 : sizedMarker);
      store<u16>(at, bswap<u16>(count as u16), 1);
    } else {
      const at = this.reserve(5);
      store<u8>(at, has8 ? sizedMarker + 2 : sizedMarker + 1);
      store<u32>(at, bswap<u32>(count as u32), 1);
    }
  }

  private writeByte(byte: u32): void {
    store<u8>(this.reserve(1), byte as u8);
  }

  /** Makes room for `count` more bytes and returns where they go. */
  private reserve(count: usize): usize {
    const needed = this.length + count;
    if (needed > this.capacity) {
      let capacity = this.capacity << 1;
      while (capacity < needed) capacity <<= 1;
      this.buffer = heap.realloc(this.buffer, capacity);
      this.capacity = capacity;
    }
    const at = this.buffer + this.length;
    this.length = needed;
    return at;
  }
}
