import { describe, expect, test } from "vitest";
import { compileValueCodec, parseValueType } from "../../../runtime/values/index.js";
import { reference } from "./wire.js";

const limit = 1 << 24;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const encode = (type: string | Record<string, unknown>, value: unknown) =>
  hex(compileValueCodec(parseValueType(type)).encodeInput(value, limit));

describe("input is encoded exactly as the guest SDK reads it", () => {
  test.each<[string, string, unknown, string]>([
    ["s32 0 as a positive fixint", "s32", 0, "00"],
    ["s32 -0 as 0", "s32", -0, "00"],
    ["s32 127 as a positive fixint", "s32", 127, "7f"],
    ["s32 -32 as a negative fixint", "s32", -32, "e0"],
    ["s32 -33 as int8", "s32", -33, "d0df"],
    ["s32 -129 as int16", "s32", -129, "d1ff7f"],
    ["s32 -2^31 as int32", "s32", -(2 ** 31), "d280000000"],
    ["u32 128 as uint8", "u32", 128, "cc80"],
    ["u32 256 as uint16", "u32", 256, "cd0100"],
    ["u32 2^32-1 as uint32", "u32", 2 ** 32 - 1, "ceffffffff"],
    ["u64 2^32 as a number: uint64, never float64", "u64", 2 ** 32, "cf0000000100000000"],
    ["u64 2^53-1 as a number", "u64", 2 ** 53 - 1, "cf001fffffffffffff"],
    ["u64 2^64-1 as a BigInt", "u64", 2n ** 64n - 1n, "cfffffffffffffffff"],
    ["u64 small BigInt in its smallest form", "u64", 5n, "05"],
    ["s64 -2^31-1 as a number: int64", "s64", -(2 ** 31) - 1, "d3ffffffff7fffffff"],
    ["s64 -(2^53-1) as a number", "s64", -(2 ** 53) + 1, "d3ffe0000000000001"],
    ["s64 -2^63 as a BigInt", "s64", -(2n ** 63n), "d38000000000000000"],
    ["s64 2^63-1 as a BigInt", "s64", 2n ** 63n - 1n, "cf7fffffffffffffff"],
    ["f32 1 as float32, not an int", "f32", 1, "ca3f800000"],
    ["f64 1 as float64, not an int", "f64", 1, "cb3ff0000000000000"],
    ["f64 -0 keeps its sign", "f64", -0, "cb8000000000000000"],
    ["f64 NaN", "f64", Number.NaN, "cb7ff8000000000000"],
    ["f32 rounds to float32", "f32", 0.1, "ca3dcccccd"],
    ["bool true", "bool", true, "c3"],
    ["bool false", "bool", false, "c2"],
    ["an empty string", "string", "", "a0"],
    ["bytes as bin8", "bytes", new Uint8Array([1, 2]), "c4020102"],
    ["a list as an array", "list<u32>", [1, 2], "920102"],
    ["a none option as nil", "option<s32>", null, "c0"],
    ["an undefined option as nil", "option<s32>", undefined, "c0"],
  ])("%s", (_, type, value, expected) => {
    expect(encode(type, value)).toBe(expected);
  });

  test("records are maps with every declared key in declared order, absent options written as nil", () => {
    expect(encode("record{b: option<s32>, a: s32}", { a: 1 })).toBe("82a162c0a16101");
    expect(encode("record{b: option<s32>, a: s32}", { a: 1, b: 2 })).toBe("82a16202a16101");
  });

  test("a field named like an Object.prototype member is read only as an own property", () => {
    expect(encode({ toString: "option<s32>" }, {})).toBe("81a8746f537472696e67c0");
    expect(encode({ toString: "option<s32>" }, { toString: 3 })).toBe("81a8746f537472696e6703");
  });

  test.each<[string, string, number]>([
    ["31 ASCII bytes: fixstr", "a".repeat(31), 0xbf],
    ["32 ASCII bytes: str8", "a".repeat(32), 0xd9],
    ["64 ASCII bytes, the long-string path: str8", "a".repeat(64), 0xd9],
    ["16 two-byte characters (32 bytes): str8", "é".repeat(16), 0xd9],
    ["10 three-byte characters (30 bytes): fixstr", "€".repeat(10), 0xbe],
    ["emoji (4-byte sequences)", "👋🎉", 0xa8],
    ["256 bytes: str16", "a".repeat(256), 0xda],
    ["300 two-byte characters: str16", "é".repeat(300), 0xda],
    ["70 000 bytes: str32", "a".repeat(70_000), 0xdb],
  ])("strings take their smallest header: %s", (_, text, header) => {
    const bytes = compileValueCodec(parseValueType("string")).encodeInput(text, limit);
    expect(bytes[0]).toBe(header);
    expect(reference.unpack(bytes)).toBe(text);
  });

  test.each<[string, number, number]>([
    ["255 bytes: bin8", 255, 0xc4],
    ["256 bytes: bin16", 256, 0xc5],
    ["65 536 bytes: bin32", 65_536, 0xc6],
  ])("bytes take their smallest header: %s", (_, length, header) => {
    const bytes = compileValueCodec(parseValueType("bytes")).encodeInput(new Uint8Array(length).fill(7), limit);
    expect(bytes[0]).toBe(header);
    expect(new Uint8Array(reference.unpack(bytes))).toEqual(new Uint8Array(length).fill(7));
  });

  test.each<[string, number, number]>([
    ["15 elements: fixarray", 15, 0x9f],
    ["16 elements: array16", 16, 0xdc],
    ["65 536 elements: array32", 65_536, 0xdd],
  ])("lists take their smallest header: %s", (_, length, header) => {
    const bytes = compileValueCodec(parseValueType("list<bool>")).encodeInput(new Array(length).fill(true), limit);
    expect(bytes[0]).toBe(header);
    expect(bytes.length).toBe(length + (header === 0xdd ? 5 : header === 0xdc ? 3 : 1));
  });

  test("each result owns its own tightly sized buffer, untouched by later calls", () => {
    const codec = compileValueCodec(parseValueType("string"));
    const first = codec.encodeInput("first", limit);
    const second = codec.encodeInput("other", limit);
    expect(first.byteOffset).toBe(0);
    expect(first.buffer.byteLength).toBe(first.length);
    expect(first.buffer).not.toBe(second.buffer);
    expect(reference.unpack(first)).toBe("first");
  });
});

test("encodeInputView gives the same bytes without a copy, valid until the next encode", () => {
  const codec = compileValueCodec(parseValueType({ text: "string" }));
  const copy = codec.encodeInput({ text: "abc" }, limit);
  const view = codec.encodeInputView({ text: "abc" }, limit);
  expect(view).toEqual(copy);
  expect(view.buffer.byteLength).toBeGreaterThan(view.length);
  codec.encodeInputView({ text: "xyz" }, limit);
  expect(reference.unpack(view)).toEqual({ text: "xyz" });
  expect(() => codec.encodeInputView({ text: "abc" }, 3)).toThrow("input encodes to 10 bytes, over the limit of 3");
});
