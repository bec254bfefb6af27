import { Packr } from "msgpackr";

/** msgpackr as the tests' independent MessagePack writer: plain maps, BigInt for 64-bit integers. */
export const reference = new Packr({ useRecords: false, mapsAsObjects: true, int64AsType: "bigint" });

/** msgpackr's richer mode, which writes RegExp, Error and Set as extension values. */
export const extensions = new Packr({ useRecords: false, moreTypes: true });

/** The MessagePack bytes of one value, written by msgpackr. */
export function packed(value: unknown): number[] {
  return [...reference.pack(value)];
}

/** A map built entry by entry, so keys can repeat or be of any type. */
export function map(entries: readonly (readonly [readonly number[], readonly number[]])[]): Uint8Array {
  if (entries.length > 15) throw new Error("fixmap only");
  return Uint8Array.from([0x80 | entries.length, ...entries.flatMap(([key, value]) => [...key, ...value])]);
}

export function bytes(...parts: (number | ArrayLike<number>)[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => (typeof part === "number" ? [part] : Array.from(part))));
}
