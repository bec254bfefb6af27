const scratch = new DataView(new ArrayBuffer(8));

/**
 * The value `env.seed` returns for a call seed: a fixed mix of its bits, so nearby seeds give
 * unrelated random streams and the same seed always replays the same one. The result is a whole
 * number below 2^53, never 0 (AssemblyScript would swap a zero seed for its own constant anyway).
 */
export function guestSeed(seed: number): number {
  scratch.setFloat64(0, seed);
  const hi = mix(scratch.getUint32(0) ^ 0x9e3779b9, scratch.getUint32(4));
  const lo = mix(scratch.getUint32(4) ^ 0x85ebca6b, hi);
  return (hi >>> 11) * 2 ** 32 + (lo >>> 0) || 1;
}

// murmur3's 32-bit finalizer over two words.
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ (b >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
