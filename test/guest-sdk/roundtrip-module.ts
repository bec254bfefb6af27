import { fixtureModule } from "../build/fixture-modules.js";
import { packr } from "./sdk-host.js";

/** The `roundtrip` fixture's module: its input and output are one record holding every value type. */
export function roundTripModule(): Promise<WebAssembly.Module> {
  return fixtureModule("roundtrip");
}

/** A valid `roundtrip` input with every required field and no options. */
export const minimalInput = {
  flag: false,
  small: 0,
  count: 0,
  big: 0n,
  huge: 0n,
  ratio: 0,
  precise: 0,
  name: "",
  data: new Uint8Array(0),
  tags: [],
  items: [],
  matrix: [],
  nested: { inner: { flags: [] } },
  static: false,
  sparse: [],
  blobs: [],
};

/** A record encoded with one more map entry made of raw MessagePack bytes. */
export function withRawEntry(
  key: readonly number[],
  value: readonly number[],
  record: Record<string, unknown> = minimalInput,
): Uint8Array {
  const encoded = packr.pack(record);
  const entries = Object.keys(record).length;
  // msgpackr writes every object with a map16 header.
  if (encoded[0] !== 0xde || encoded[1] !== 0 || encoded[2] !== entries) throw new Error("expected a small map16");
  return Uint8Array.from([0xde, 0, entries + 1, ...encoded.subarray(3), ...key, ...value]);
}

/** A MessagePack fixstr. */
export function str(text: string): number[] {
  const bytes = new TextEncoder().encode(text);
  return [0xa0 | bytes.length, ...bytes];
}
