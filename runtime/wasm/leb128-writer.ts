/**
 * Unsigned LEB128 encoding, the writing half of what `Reader` decodes. Values up to 2^53 (memory64
 * limits) are exact: division, not bit shifts, which would cut them to 32 bits.
 */

/** How many bytes the shortest encoding of `value` takes. */
export function uLebLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    length++;
  }
  return length;
}

/** Writes the shortest encoding of `value` into `out` at `offset`; returns the offset after it. */
export function writeULeb(out: Uint8Array, offset: number, value: number): number {
  let pos = offset;
  while (value >= 0x80) {
    out[pos++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  out[pos++] = value;
  return pos;
}

/** The shortest encoding of `value` on its own. */
export function encodeULeb(value: number): Uint8Array {
  const out = new Uint8Array(uLebLength(value));
  writeULeb(out, 0, value);
  return out;
}
