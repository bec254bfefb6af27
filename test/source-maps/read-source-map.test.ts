import { expect, test, vi } from "vitest";
import { readSourceMap, sourceMapCaps } from "../../runtime/source-maps/index.js";

const encoder = new TextEncoder();
const payload = (value: unknown) => encoder.encode(JSON.stringify(value));
const valid = { version: 3, sources: ["~lib/array.ts", "tasks/x/index.ts", "guest-sdk/reader.ts"], mappings: "AAAA" };

test("a version 3 map: ~lib sources and those the ignoreList names are library code", () => {
  expect(readSourceMap(payload({ ...valid, ignoreList: [2] }))).toEqual({
    sources: valid.sources,
    library: [true, false, true],
    mappings: "AAAA",
  });
  expect(readSourceMap(payload(valid))?.library).toEqual([true, false, false]);
});

test.each([
  ["bytes that are not UTF-8", new Uint8Array([0x7b, 0xff, 0x7d])],
  ["text that is not JSON", encoder.encode("{version: 3")],
  ["JSON that is not an object", payload([valid])],
  ["null", payload(null)],
  ["another version", payload({ ...valid, version: 2 })],
  ["no mappings", payload({ version: 3, sources: [] })],
  ["mappings that are not a string", payload({ ...valid, mappings: [1] })],
  ["sources that are not an array", payload({ ...valid, sources: "a.ts" })],
  ["a source that is not a string", payload({ ...valid, sources: [null] })],
  ["an empty source", payload({ ...valid, sources: [""] })],
  ["a source with an escape sequence", payload({ ...valid, sources: ["tasks/\u001b[31mx.ts"] })],
  ["a source with a line break", payload({ ...valid, sources: ["a.ts\nat b.ts:1:1"] })],
  ["a source with a C1 control", payload({ ...valid, sources: ["a\u009b.ts"] })],
  ["a source over the length cap", payload({ ...valid, sources: ["a".repeat(sourceMapCaps.maxSourceLength + 1)] })],
  ["more sources than the cap", payload({ ...valid, sources: Array.from({ length: 4097 }, (_, i) => `s${i}`) })],
  ["an ignoreList that is not an array", payload({ ...valid, ignoreList: 1 })],
  ["an ignoreList index past the sources", payload({ ...valid, ignoreList: [3] })],
  ["a negative ignoreList index", payload({ ...valid, ignoreList: [-1] })],
  ["a fractional ignoreList index", payload({ ...valid, ignoreList: [0.5] })],
  ["an ignoreList longer than the sources", payload({ ...valid, ignoreList: [0, 0, 0, 0] })],
  ["a payload over the size cap", payload({ ...valid, pad: "x".repeat(sourceMapCaps.maxBytes) })],
])("%s is no map", (_name, bytes) => {
  expect(readSourceMap(bytes)).toBeUndefined();
});

test("a megabyte of nesting is no map, refused before JSON.parse spends most of a second on it", () => {
  const deep = encoder.encode(`{"version":3,"x":${"[".repeat(500_000)}${"]".repeat(500_000)}}`);
  const parse = vi.spyOn(JSON, "parse");
  try {
    expect(readSourceMap(deep)).toBeUndefined();
    expect(parse).not.toHaveBeenCalled();
  } finally {
    parse.mockRestore();
  }
  // Brackets inside strings are text, not nesting.
  expect(readSourceMap(payload({ ...valid, note: '[[[[[[[[[[[[\\"{{{{{{{{{{' }))?.mappings).toBe("AAAA");
});
