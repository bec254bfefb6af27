import { describe, expect, test } from "vitest";
import { compileValueCodec, parseValueType } from "../../../runtime/values/index.js";
import { bytes, map, packed } from "./wire.js";

const limit = 1 << 20;
const decode = (type: string, input: Uint8Array) => compileValueCodec(parseValueType(type)).decodeOutput(input, limit);

describe("output decoding accepts every encoding of a declared value", () => {
  test.each<[string, string, Uint8Array, unknown]>([
    ["s32 from uint8", "s32", bytes(0xcc, 0xff), 255],
    ["s32 from uint16", "s32", bytes(0xcd, 0x01, 0x00), 256],
    ["s32 from uint32", "s32", bytes(0xce, 0x7f, 0xff, 0xff, 0xff), 2 ** 31 - 1],
    ["s32 from uint64", "s32", bytes(0xcf, 0, 0, 0, 0, 0, 0, 0, 5), 5],
    ["s32 from int8", "s32", bytes(0xd0, 0x80), -128],
    ["s32 from int16", "s32", bytes(0xd1, 0x80, 0x00), -32768],
    ["s32 from int32", "s32", bytes(0xd2, 0x80, 0, 0, 0), -(2 ** 31)],
    ["s32 from int64", "s32", bytes(0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe), -2],
    ["u32 from int8 holding a positive value", "u32", bytes(0xd0, 0x05), 5],
    ["u32 2^32-1", "u32", bytes(0xce, 0xff, 0xff, 0xff, 0xff), 2 ** 32 - 1],
    ["u64 2^53-1 as a number", "u64", bytes(0xcf, 0x00, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 2 ** 53 - 1],
    ["u64 2^53 as a BigInt", "u64", bytes(0xcf, 0x00, 0x20, 0, 0, 0, 0, 0, 0), 2n ** 53n],
    ["u64 2^64-1 as a BigInt", "u64", bytes(0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 2n ** 64n - 1n],
    ["s64 -(2^53-1) as a number", "s64", bytes(0xd3, 0xff, 0xe0, 0, 0, 0, 0, 0, 0x01), -(2 ** 53) + 1],
    ["s64 -2^53 as a BigInt", "s64", bytes(0xd3, 0xff, 0xe0, 0, 0, 0, 0, 0, 0), -(2n ** 53n)],
    ["s64 -2^63 as a BigInt", "s64", bytes(0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0), -(2n ** 63n)],
    ["s64 2^63-1 from uint64", "s64", bytes(0xcf, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 2n ** 63n - 1n],
    ["f64 from an int", "f64", bytes(0xd0, 0xfe), -2],
    [
      "f64 from a uint64 past 2^53, rounded once",
      "f64",
      bytes(0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      2 ** 64,
    ],
    ["f64 from float32", "f64", bytes(0xca, 0x3f, 0xc0, 0, 0), 1.5],
    [
      "f32 from float64, rounded to float32",
      "f32",
      bytes(0xcb, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a),
      Math.fround(0.1),
    ],
    ["f32 from an int", "f32", bytes(0x07), 7],
    ["f64 -0", "f64", bytes(0xcb, 0x80, 0, 0, 0, 0, 0, 0, 0), -0],
    ["f64 NaN", "f64", bytes(0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0), Number.NaN],
    ["a leading byte-order mark, kept as data", "string", bytes(packed("\uFEFFx")), "\uFEFFx"],
    ["a long non-ASCII string", "string", bytes(packed("€".repeat(40))), "€".repeat(40)],
    ["a short non-ASCII string", "string", bytes(packed("é")), "é"],
    ["str8 for a short string", "string", bytes(0xd9, 0x01, 0x61), "a"],
    ["bytes from bin16", "bytes", bytes(0xc5, 0x00, 0x01, 0x09), new Uint8Array([9])],
    ["an empty list", "list<s32>", bytes(0x90), []],
    ["a list from array16", "list<s32>", bytes(0xdc, 0x00, 0x01, 0x05), [5]],
    ["an option's value", "option<string>", bytes(packed("x")), "x"],
    ["nil for an option", "option<string>", bytes(0xc0), null],
  ])("%s", (_, type, input, expected) => {
    expect(decode(type, input)).toEqual(expected);
  });

  test("record keys in any order, options missing as null, a key written with a wider header", () => {
    const input = map([
      [[0xd9, 0x01, 0x62], packed("B")],
      [packed("a"), packed(1)],
    ]);
    expect(decode("record{a: s32, b: string, c: option<bool>}", input)).toEqual({ a: 1, b: "B", c: null });
  });

  test("bytes are a copy, never a view of the buffer they were read from", () => {
    const input = bytes(0xc4, 0x02, 0x01, 0x02);
    const decoded = decode("bytes", input) as Uint8Array;
    input[2] = 0xff;
    expect(decoded).toEqual(new Uint8Array([1, 2]));
    expect(decoded.buffer).not.toBe(input.buffer);
    expect(decoded.buffer.byteLength).toBe(2);
  });

  test("records of one type share one shape and the plain object prototype", () => {
    const decoded = decode(
      "list<record{x: s32, y: s32}>",
      bytes(
        packed([
          { y: 1, x: 2 },
          { x: 3, y: 4 },
        ]),
      ),
    ) as object[];
    expect(decoded.map((record) => Object.keys(record))).toEqual([
      ["x", "y"],
      ["x", "y"],
    ]);
    expect(decoded.every((record) => Object.getPrototypeOf(record) === Object.prototype)).toBe(true);
  });
});
