import { beforeAll, expect, test } from "vitest";
import { minimalInput as base, roundTripModule, str, withRawEntry } from "./roundtrip-module.js";
import { callSdk, packr } from "./sdk-host.js";

let module: WebAssembly.Module;

beforeAll(async () => {
  module = await roundTripModule();
});

const encoded = packr.pack(base);

function without(field: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(base).filter(([key]) => key !== field));
}

test.each<[string, Uint8Array, string | RegExp]>([
  ["a string field holding an int", packr.pack({ ...base, name: 5 }), "input.name: expected string, got int"],
  ["a bool field holding a string", packr.pack({ ...base, flag: "yes" }), "input.flag: expected bool, got string"],
  ["a float field holding a string", packr.pack({ ...base, ratio: "x" }), "input.ratio: expected f32, got string"],
  ["an integer field holding a float", packr.pack({ ...base, count: 1.5 }), "input.count: expected u32, got float"],
  ["a bytes field holding a string", packr.pack({ ...base, data: "abc" }), "input.data: expected bytes, got string"],
  ["a list field holding a string", packr.pack({ ...base, tags: "x" }), "input.tags: expected array, got string"],
  ["a u32 below zero", packr.pack({ ...base, count: -1 }), "input.count: expected u32, got int -1 (out of range)"],
  [
    "a u32 above 2^32-1",
    packr.pack({ ...base, count: 2n ** 32n }),
    "input.count: expected u32, got int 4294967296 (out of range)",
  ],
  [
    "an s32 above 2^31-1",
    packr.pack({ ...base, small: 2 ** 31 }),
    "input.small: expected s32, got int 2147483648 (out of range)",
  ],
  [
    "an s64 above 2^63-1",
    packr.pack({ ...base, big: 2n ** 63n }),
    "input.big: expected s64, got int 9223372036854775808 (out of range)",
  ],
  ["a u64 below zero", packr.pack({ ...base, huge: -1 }), "input.huge: expected u64, got int -1 (out of range)"],
  [
    "a field of a record inside a list",
    packr.pack({
      ...base,
      items: [
        { id: 1, label: "a", weight: 1 },
        { id: 2, label: 3, weight: 1 },
      ],
    }),
    "input.items[1].label: expected string, got int",
  ],
  [
    "an element of a nested list",
    packr.pack({ ...base, matrix: [[1], [2, "x"]] }),
    "input.matrix[1][1]: expected s32, got string",
  ],
  ["a missing field", packr.pack(without("count")), "input.count: missing required field"],
  [
    "a missing field of an optional record",
    packr.pack({ ...base, meta: { source: "s", labels: [] } }),
    "input.meta.version: missing required field",
  ],
  [
    "a wrong value deep inside an option",
    packr.pack({ ...base, nested: { inner: { deep: "x", flags: [] } } }),
    "input.nested.inner.deep: expected u64, got string",
  ],
  ["an array where the record should be", packr.pack([1, 2]), "input: expected map, got array"],
  ["a field given twice", withRawEntry(str("flag"), [0xc3]), "input.flag: field appears twice"],
  ["a key that is not a string", withRawEntry([0x01], [0xc0]), "input: expected string key, got int"],
  [
    "the byte MessagePack never uses",
    withRawEntry(str("flag"), [0xc1], without("flag")),
    "input.flag: expected bool, got invalid byte 0xc1",
  ],
  [
    "a list header claiming more elements than bytes remain",
    withRawEntry(str("extra"), [0xdd, 0x80, 0x00, 0x00, 0x00]),
    "input: length 2147483648 is longer than the rest of the input",
  ],
  [
    "a string that is not UTF-8",
    withRawEntry(str("name"), [0xa2, 0xff, 0xfe], without("name")),
    "input.name: string is not well-formed UTF-8",
  ],
  [
    "an overlong UTF-8 sequence",
    withRawEntry(str("name"), [0xa2, 0xc0, 0xaf], without("name")),
    "input.name: string is not well-formed UTF-8",
  ],
  ["a truncated input", encoded.subarray(0, encoded.length - 3), /: unexpected end of input$/],
  ["an empty input", new Uint8Array(0), "input: unexpected end of input"],
  ["bytes after the value", Uint8Array.from([...encoded, 0xc0]), "input: 1 unexpected bytes after the value"],
])("%s fails the call with the path of the value", (_, input, message) => {
  const result = callSdk(module, "run", input);
  expect(result.status).toBe("failed");
  if (result.status === "failed") expect(result.message).toMatch(message);
});
