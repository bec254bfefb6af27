import { fixtureModule } from "../build/fixture-modules.js";

/** The `wit-types` fixture's module: its input and output are one record holding every WIT kind. */
export function witTypesModule(): Promise<WebAssembly.Module> {
  return fixtureModule("wit-types");
}

/**
 * A `wit-types` input written by hand in the sdk ABI's wire form: a char is its code point, a
 * tuple an array, an enum its case index, flags a bitmask, a variant or result `[index]` or
 * `[index, payload]`.
 */
export const wireInput = {
  letter: 0x1f600,
  pair: [-5, "héllo"],
  wide: [2n ** 64n - 1n, -(2n ** 63n), 0x10ffff, true],
  color: 1,
  perms: 0b101,
  all: 0xffffffff,
  shape: [1, { side: 2.5 }],
  outcome: [1, "bad"],
  done: [0],
  failure: [1, ""],
  total: [0, 2n ** 60n],
  nested: [1, [0, [0x41, null]]],
  many: [[0, 7], [1]],
  maybeColor: null,
  maybeChar: 0,
  maybePerms: 0,
  maybePair: [2147483647, ""],
  keywords: [4, 2],
};
