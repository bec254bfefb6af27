/** UTF-8 of a short string at `at`; -1 if it holds a lone surrogate. The caller reserved 3 bytes per unit. */
export function utf8Short(b: Uint8Array, at: number, value: string): number {
  let p = at;
  const units = value.length;
  for (let i = 0; i < units; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x80) {
      b[p++] = unit;
    } else if (unit < 0x800) {
      b[p++] = 0xc0 | (unit >> 6);
      b[p++] = 0x80 | (unit & 0x3f);
    } else if ((unit & 0xf800) !== 0xd800) {
      b[p++] = 0xe0 | (unit >> 12);
      b[p++] = 0x80 | ((unit >> 6) & 0x3f);
      b[p++] = 0x80 | (unit & 0x3f);
    } else {
      const next = value.charCodeAt(i + 1);
      if (unit >= 0xdc00 || (next & 0xfc00) !== 0xdc00) return -1;
      const point = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
      b[p++] = 0xf0 | (point >> 18);
      b[p++] = 0x80 | ((point >> 12) & 0x3f);
      b[p++] = 0x80 | ((point >> 6) & 0x3f);
      b[p++] = 0x80 | (point & 0x3f);
      i++;
    }
  }
  return p - at;
}
