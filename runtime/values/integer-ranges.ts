/** The range of each integer kind, as BigInt bounds (inclusive). One table for every part that checks them. */
export const integerRanges = {
  s32: [-(2n ** 31n), 2n ** 31n - 1n],
  u32: [0n, 2n ** 32n - 1n],
  s64: [-(2n ** 63n), 2n ** 63n - 1n],
  u64: [0n, 2n ** 64n - 1n],
} as const;

export type IntegerKind = keyof typeof integerRanges;

/** The largest integer a Number holds exactly; past it our value model uses BigInt. */
export const maxSafeBigInt = BigInt(Number.MAX_SAFE_INTEGER);
