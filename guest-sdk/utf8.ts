/**
 * Whether `len` bytes at `ptr` are well-formed UTF-8, also allowing encoded lone surrogates
 * (WTF-8): JavaScript strings may hold those, encoders write them that way, and AssemblyScript
 * strings keep them. Overlong forms, code points past U+10FFFF, stray continuation bytes and
 * truncated sequences are refused; decoding would silently drop them.
 */
export function isWellFormedUtf8(ptr: usize, len: usize): bool {
  const end = ptr + len;
  let p = ptr;
  while (p < end) {
    const b0 = load<u8>(p) as u32;
    if (b0 < 0x80) {
      p++;
      continue;
    }
    let size: usize = 0;
    if (b0 >= 0xc2 && b0 <= 0xdf) size = 2;
    else if (b0 >= 0xe0 && b0 <= 0xef) size = 3;
    else if (b0 >= 0xf0 && b0 <= 0xf4) size = 4;
    else return false;
    if (end - p < size) return false;
    const b1 = load<u8>(p, 1) as u32;
    if ((b1 & 0xc0) !== 0x80) return false;
    if (b0 === 0xe0 && b1 < 0xa0) return false;
    if (b0 === 0xf0 && b1 < 0x90) return false;
    if (b0 === 0xf4 && b1 > 0x8f) return false;
    for (let i: usize = 2; i < size; i++) {
      if ((load<u8>(p + i) & 0xc0) !== 0x80) return false;
    }
    p += size;
  }
  return true;
}
