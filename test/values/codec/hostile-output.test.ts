import { describe, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { compileValueCodec, parseValueType } from "../../../runtime/values/index.js";
import { bytes, extensions, map, packed } from "./wire.js";

const limit = 1 << 20;
const record = compileValueCodec(
  parseValueType({
    name: "string",
    n: "s32",
    tags: "list<string>",
    data: "bytes",
    opt: "option<u32>",
    items: "list<record{label: string}>",
  }),
);
const valid = { name: "x", n: 1, tags: ["a"], data: new Uint8Array([1]), opt: null, items: [{ label: "l" }] };
const validBytes = record.encodeInput(valid, limit);
const codecOf = (type: string) => compileValueCodec(parseValueType(type));
const deepArrays = (depth: number) => bytes(new Array<number>(depth).fill(0x91), 0x01);
const withEntry = (key: readonly number[], value: readonly number[]) => bytes(0x87, validBytes.subarray(1), key, value);

function decodeError(type: string | null, input: Uint8Array, maxBytes = limit): TaskRunError {
  const codec = type === null ? record : codecOf(type);
  try {
    codec.decodeOutput(input, maxBytes);
  } catch (error) {
    expect(error).toBeInstanceOf(TaskRunError);
    return error as TaskRunError;
  }
  throw new Error("decodeOutput accepted hostile output");
}

describe("hostile guest output is refused with OUTPUT_INVALID naming where and what", () => {
  test.each<[string, string | null, Uint8Array, string, string]>([
    ["reserved byte 0xc1", "s32", bytes(0xc1), "output", "expected s32, got reserved byte 0xc1"],
    ["empty output", "s32", bytes(), "output", "expected s32, got end of data"],
    ["fixext1", "string", bytes(0xd4, 0x01, 0x00), "output", "got extension type 1"],
    ["fixext2", "string", bytes(0xd5, 0x02, 0, 0), "output", "got extension type 2"],
    ["fixext4 (msgpackr's Date)", "string", bytes(0xd6, 0xff, 0, 0, 0, 0), "output", "got extension type -1"],
    ["fixext8", "s64", bytes(0xd7, 0x05, new Array<number>(8).fill(0)), "output", "got extension type 5"],
    ["fixext16", "bytes", bytes(0xd8, 0x06, new Array<number>(16).fill(0)), "output", "got extension type 6"],
    ["ext8", "string", bytes(0xc7, 0x01, 0x07, 0x00), "output", "got extension type 7"],
    ["ext16", "string", bytes(0xc8, 0x00, 0x01, 0x08, 0x00), "output", "got extension type 8"],
    ["ext32", "string", bytes(0xc9, 0, 0, 0, 1, 0x09, 0x00), "output", "got extension type 9"],
    ["ext32 cut short", "string", bytes(0xc9, 0, 0), "output", "got extension value"],
    ["msgpackr's RegExp", "string", extensions.pack(/ab+c/gi), "output", "got extension type 120"],
    ["msgpackr's Error", "list<string>", extensions.pack(new Error("boom")), "output", "got extension type 101"],
    ["msgpackr's Set", "list<s32>", extensions.pack(new Set([1])), "output", "got extension type 115"],
    [
      "an extension inside a record",
      null,
      withEntry(packed("zz"), [...extensions.pack(/x/)]),
      "output.zz",
      "unknown field",
    ],
    [
      "str32 claiming 4 GiB",
      "string",
      bytes(0xdb, 0xff, 0xff, 0xff, 0xff),
      "output",
      "string longer than the 5 bytes left",
    ],
    ["str8 past the end", "string", bytes(0xd9, 0x10, 0x61), "output", "string longer than the 3 bytes left"],
    [
      "bin32 claiming 4 GiB",
      "bytes",
      bytes(0xc6, 0xff, 0xff, 0xff, 0xff),
      "output",
      "a header of 4294967295 bytes with only 0 bytes left",
    ],
    [
      "array32 claiming 4G elements",
      "list<s32>",
      bytes(0xdd, 0xff, 0xff, 0xff, 0xff, 0x01),
      "output",
      "a header of 4294967295 elements with only 1 bytes left",
    ],
    [
      "map32 claiming 4G entries",
      null,
      bytes(0xdf, 0xff, 0xff, 0xff, 0xff),
      "output",
      "a header of 4294967295 entries with only 0 bytes left",
    ],
    [
      "100 000 nested arrays where s32 elements are declared",
      "list<s32>",
      deepArrays(100_000),
      "output[0]",
      "expected s32, got array",
    ],
    [
      "100 000 nested arrays against the deepest type",
      `${"list<".repeat(31)}s32${">".repeat(31)}`,
      deepArrays(100_000),
      `output${"[0]".repeat(31)}`,
      "expected s32, got array",
    ],
    ["a map with an int key", null, map([[[0x01], [0x02]]]), "output", "expected a string key, got int"],
    ["a map with a nil key", null, map([[[0xc0], [0x02]]]), "output", "expected a string key, got nil"],
    ["a duplicate key", null, withEntry(packed("n"), [0x02]), "output.n", 'field "n" appears twice'],
    [
      "a __proto__ key",
      null,
      withEntry(packed("__proto__"), packed({ polluted: true })),
      "output.__proto__",
      "unknown field",
    ],
    ["an unknown key", null, withEntry(packed("nmae"), packed("x")), "output.nmae", "unknown field"],
    [
      "a key that is not valid UTF-8",
      null,
      withEntry([0xa2, 0xff, 0xfe], [0x01]),
      'output["\uFFFD\uFFFD"]',
      "unknown field",
    ],
    ["a missing field", null, map([[packed("name"), packed("x")]]), "output.n", "missing required field"],
    [
      "a wrong type at a nested path",
      "list<record{label: string}>",
      bytes(packed([{ label: "a" }, { label: 3 }])),
      "output[1].label",
      "expected string, got int",
    ],
    ["a record where a list is declared", "list<s32>", map([]), "output", "expected list, got map"],
    ["nil where a value is required", "string", bytes(0xc0), "output", "expected string, got nil"],
    [
      "s32 above 2^31-1",
      "s32",
      bytes(0xce, 0x80, 0, 0, 0),
      "output",
      "expected s32, got int 2147483648 (out of range)",
    ],
    [
      "s32 below -2^31",
      "s32",
      bytes(0xd3, 0xff, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff),
      "output",
      "got int -2147483649 (out of range)",
    ],
    ["u32 below zero", "u32", bytes(0xff), "output", "expected u32, got int -1 (out of range)"],
    ["u32 above 2^32-1", "u32", bytes(0xcf, 0, 0, 0, 1, 0, 0, 0, 0), "output", "got int 4294967296 (out of range)"],
    [
      "s64 above 2^63-1",
      "s64",
      bytes(0xcf, 0x80, 0, 0, 0, 0, 0, 0, 0),
      "output",
      "got int 9223372036854775808 (out of range)",
    ],
    [
      "u64 below zero",
      "u64",
      bytes(0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      "output",
      "expected u64, got int -1 (out of range)",
    ],
    ["a float for an int type", "s32", bytes(0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0), "output", "expected s32, got float"],
    ["a string for a bool", "bool", bytes(0xa1, 0x74), "output", "expected bool, got string"],
    ["an int for bytes", "bytes", bytes(0x01), "output", "expected bytes, got int"],
    ["an int cut short", "u32", bytes(0xce, 0x01), "output", "int cut short (2 of 5 bytes)"],
    ["a float cut short", "f64", bytes(0xcb, 0x01), "output", "float64 cut short (2 of 9 bytes)"],
    ["invalid UTF-8", "string", bytes(0xa2, 0xff, 0xfe), "output", "bytes that are not valid UTF-8"],
    ["an overlong UTF-8 encoding", "string", bytes(0xa2, 0xc0, 0x80), "output", "not valid UTF-8"],
    ["an encoded surrogate (WTF-8)", "string", bytes(0xa3, 0xed, 0xa0, 0x80), "output", "not valid UTF-8"],
    [
      "invalid UTF-8 in a long string",
      "string",
      bytes(0xd9, 40, new Array<number>(39).fill(0x61), 0xff),
      "output",
      "not valid UTF-8",
    ],
    ["trailing garbage", "s32", bytes(0x01, 0x00), "output", "1 unexpected bytes after the value"],
  ])("%s", (_, type, input, path, message) => {
    const error = decodeError(type, input);
    expect(error.code).toBe("OUTPUT_INVALID");
    expect(error.message).toContain(`${path}: `);
    expect(error.message).toContain(message);
    expect(error.details).toMatchObject({ path });
    expect(error.details).toHaveProperty("expected");
    expect(error.details).toHaveProperty("actual");
    expect(typeof error.details.offset).toBe("number");
  });

  test("a wrong type deep inside reports the path and byte offset of the bad value", () => {
    const bad = record.encodeInput({ ...valid, items: [{ label: "ok" }, { label: "ok" }] }, limit);
    const at = bad.lastIndexOf(0xa2); // the second "ok"
    bad[at] = 0x05; // a fixint where the string started
    const error = decodeError(null, bad.subarray(0, at + 1));
    expect(error.details).toEqual({ path: "output.items[1].label", expected: "string", actual: "int", offset: at });
  });

  test("every proper prefix of a valid encoding is refused", () => {
    for (let length = 0; length < validBytes.length; length++) {
      expect(decodeError(null, validBytes.subarray(0, length)).code).toBe("OUTPUT_INVALID");
    }
  });

  test("lengths far past the buffer fail, before anything is allocated", () => {
    for (let i = 0; i < 1000; i++) {
      expect(decodeError("list<bytes>", bytes(0xdd, 0x7f, 0xff, 0xff, 0xff)).code).toBe("OUTPUT_INVALID");
    }
  });

  test("output over maxBytes is OUTPUT_TOO_LARGE, checked before decoding", () => {
    const error = decodeError(null, bytes(0xc1, 0xc1, 0xc1), 2);
    expect(error.code).toBe("OUTPUT_TOO_LARGE");
    expect(error.details).toEqual({ size: 3, limit: 2 });
  });

  test("a __proto__ key never reaches a prototype", () => {
    decodeError(null, withEntry(packed("__proto__"), packed({ polluted: true })));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const decoded = record.decodeOutput(validBytes, limit);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded as object)).toEqual(["name", "n", "tags", "data", "opt", "items"]);
  });
});
