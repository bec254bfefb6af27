import { describe, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { compileValueCodec, parseValueType } from "../../../runtime/values/index.js";
import { bytes, packed } from "./wire.js";

// Guest output of the WIT kinds is read as strictly as any other: a wrong length, a case or flag
// the type does not declare, a payload where none belongs, a code point that is not a char.

const limit = 1 << 20;
const flags32 = `flags{${Array.from({ length: 32 }, (_, i) => `f${i}`).join(", ")}}`;

function decodeError(type: string, input: Uint8Array): TaskRunError {
  try {
    compileValueCodec(parseValueType(type)).decodeOutput(input, limit);
  } catch (error) {
    expect(error).toBeInstanceOf(TaskRunError);
    return error as TaskRunError;
  }
  throw new Error("decodeOutput accepted hostile output");
}

describe("hostile output of the WIT kinds is OUTPUT_INVALID with path, expected, actual and offset", () => {
  test.each<[string, string, Uint8Array, { path: string; expected: string; actual: string; offset: number }]>([
    [
      "a tuple one item short",
      "tuple<s32, string>",
      bytes(0x91, 0x01),
      { path: "output", expected: "tuple of 2 items", actual: "an array of 1 item", offset: 0 },
    ],
    [
      "a tuple one item long",
      "tuple<s32, string>",
      bytes(0x93, 0x01, 0xa0, 0x02),
      { path: "output", expected: "tuple of 2 items", actual: "an array of 3 items", offset: 0 },
    ],
    [
      "a map for a tuple",
      "tuple<s32>",
      bytes(0x80),
      { path: "output", expected: "tuple of 1 item", actual: "map", offset: 0 },
    ],
    [
      "a bad tuple item",
      "tuple<s32, string>",
      bytes(0x92, 0x01, 0x02),
      { path: "output[1]", expected: "string", actual: "int", offset: 2 },
    ],
    [
      "an enum index past the cases",
      "enum{a, b}",
      bytes(0x02),
      { path: "output", expected: "enum", actual: "case index 2 (the type has 2)", offset: 0 },
    ],
    [
      "a negative enum index",
      "enum{a, b}",
      bytes(0xff),
      { path: "output", expected: "enum", actual: "case index -1 (the type has 2)", offset: 0 },
    ],
    [
      "an enum as its name",
      "enum{a, b}",
      bytes(packed("a")),
      { path: "output", expected: "enum", actual: "string", offset: 0 },
    ],
    [
      "a variant as an empty array",
      "variant{a(s32), b}",
      bytes(0x90),
      { path: "output", expected: "variant as [case] or [case, payload]", actual: "an array of 0 items", offset: 0 },
    ],
    [
      "a variant as an array of three",
      "variant{a(s32), b}",
      bytes(0x93, 0x00, 0x01, 0x02),
      { path: "output", expected: "variant as [case] or [case, payload]", actual: "an array of 3 items", offset: 0 },
    ],
    [
      "a variant index past the cases",
      "variant{a(s32), b}",
      bytes(0x91, 0x02),
      { path: "output", expected: "variant", actual: "case index 2 (the type has 2)", offset: 1 },
    ],
    [
      "a variant index past 2^53",
      "variant{a(s32), b}",
      bytes(0x91, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      { path: "output", expected: "variant", actual: "case index 18446744073709551615 (the type has 2)", offset: 1 },
    ],
    [
      "a variant's tag as a string",
      "variant{a(s32), b}",
      bytes(0x92, packed("a"), 0x01),
      { path: "output", expected: "variant", actual: "string", offset: 1 },
    ],
    [
      "a variant as a { tag, val } map",
      "variant{a(s32), b}",
      bytes(packed({ tag: "a", val: 1 })),
      { path: "output", expected: "variant", actual: "map", offset: 0 },
    ],
    [
      "a payload on a case without one",
      "variant{a(s32), b}",
      bytes(0x92, 0x01, 0x05),
      { path: "output.val", expected: "no payload", actual: "int", offset: 2 },
    ],
    [
      "a case with payload without it",
      "variant{a(s32), b}",
      bytes(0x91, 0x00),
      { path: "output.val", expected: "s32", actual: "nothing", offset: 0 },
    ],
    [
      "an option payload left out (it is written as nil)",
      "variant{m(option<u32>)}",
      bytes(0x91, 0x00),
      { path: "output.val", expected: "u32 or null", actual: "nothing", offset: 0 },
    ],
    [
      "a bad payload",
      "variant{a(s32), b}",
      bytes(0x92, 0x00, 0xc0),
      { path: "output.val", expected: "s32", actual: "nil", offset: 2 },
    ],
    [
      "a bad field deep in a payload",
      "record{shape: variant{square(record{side: f64})}}",
      bytes(0x81, packed("shape"), 0x92, 0x00, 0x81, packed("side"), packed("x")),
      { path: "output.shape.val.side", expected: "f64", actual: "string", offset: 15 },
    ],
    [
      "a variant header cut short",
      "variant{a(s32), b}",
      bytes(0x92, 0x00),
      { path: "output", expected: "variant", actual: "a header of 2 elements with only 1 bytes left", offset: 0 },
    ],
    [
      "a result index past err",
      "result<u32, string>",
      bytes(0x92, 0x02, 0x00),
      { path: "output", expected: "result", actual: "case index 2 (the type has 2)", offset: 1 },
    ],
    [
      "an err payload of the wrong type",
      "result<u32, string>",
      bytes(0x92, 0x01, 0x05),
      { path: "output.val", expected: "string", actual: "int", offset: 2 },
    ],
    [
      "a payload on a bare result",
      "result",
      bytes(0x92, 0x00, 0xc0),
      { path: "output.val", expected: "no payload", actual: "nil", offset: 2 },
    ],
    [
      "a flag bit past the declared flags",
      "flags{a, b}",
      bytes(0x04),
      { path: "output", expected: "flags", actual: "int 4 (bits past the 2 flags)", offset: 0 },
    ],
    [
      "negative flags",
      "flags{a, b}",
      bytes(0xff),
      { path: "output", expected: "flags", actual: "int -1 (out of range)", offset: 0 },
    ],
    [
      "flags past 32 bits",
      flags32,
      bytes(0xcf, 0, 0, 0, 1, 0, 0, 0, 0),
      { path: "output", expected: "flags", actual: "int 4294967296 (out of range)", offset: 0 },
    ],
    [
      "flags as a map",
      "flags{a, b}",
      bytes(packed({ a: true })),
      { path: "output", expected: "flags", actual: "map", offset: 0 },
    ],
    [
      "a surrogate code point",
      "char",
      bytes(0xcd, 0xd8, 0x00),
      { path: "output", expected: "char", actual: "int 55296 (not a Unicode scalar value)", offset: 0 },
    ],
    [
      "the last surrogate code point",
      "char",
      bytes(0xcd, 0xdf, 0xff),
      { path: "output", expected: "char", actual: "int 57343 (not a Unicode scalar value)", offset: 0 },
    ],
    [
      "a code point past U+10FFFF",
      "char",
      bytes(0xce, 0x00, 0x11, 0x00, 0x00),
      { path: "output", expected: "char", actual: "int 1114112 (not a Unicode scalar value)", offset: 0 },
    ],
    [
      "a negative code point",
      "char",
      bytes(0xff),
      { path: "output", expected: "char", actual: "int -1 (not a Unicode scalar value)", offset: 0 },
    ],
    [
      "a char as a string",
      "char",
      bytes(packed("a")),
      { path: "output", expected: "char", actual: "string", offset: 0 },
    ],
    [
      "a char inside a tuple inside a list",
      "list<tuple<u32, char>>",
      bytes(0x91, 0x92, 0x01, 0xcd, 0xdc, 0x00),
      { path: "output[0][1]", expected: "char", actual: "int 56320 (not a Unicode scalar value)", offset: 3 },
    ],
  ])("%s", (_, type, input, details) => {
    const error = decodeError(type, input);
    expect(error.code).toBe("OUTPUT_INVALID");
    expect(error.details).toEqual(details);
    expect(error.message).toContain(`${details.path}: `);
    expect(error.message).toContain(`(at byte ${details.offset})`);
  });

  test("every proper prefix of a valid encoding of the WIT kinds is refused", () => {
    const type = parseValueType("tuple<variant{a(record{x: char}), b}, result<flags{p, q}, enum{y, z}>, char>");
    const codec = compileValueCodec(type);
    const valid = codec.encodeInput([{ tag: "a", val: { x: "😀" } }, { tag: "ok", val: { q: true } }, "é"], limit);
    for (let length = 0; length < valid.length; length++) {
      expect(
        decodeError(
          "tuple<variant{a(record{x: char}), b}, result<flags{p, q}, enum{y, z}>, char>",
          valid.subarray(0, length),
        ).code,
      ).toBe("OUTPUT_INVALID");
    }
  });
});

describe("output of the WIT kinds accepts every encoding of a declared value", () => {
  test.each<[string, string, Uint8Array, unknown]>([
    ["an enum index as uint8", "enum{a, b}", bytes(0xcc, 0x01), "b"],
    ["an enum index as int64", "enum{a, b}", bytes(0xd3, 0, 0, 0, 0, 0, 0, 0, 1), "b"],
    ["a variant from array16", "variant{a(s32), b}", bytes(0xdc, 0x00, 0x01, 0x01), { tag: "b" }],
    ["a variant index as int8", "variant{a(s32), b}", bytes(0x92, 0xd0, 0x00, 0x07), { tag: "a", val: 7 }],
    ["a tuple from array16", "tuple<bool>", bytes(0xdc, 0x00, 0x01, 0xc3), [true]],
    [
      "every one of 32 flags",
      flags32,
      bytes(0xce, 0xff, 0xff, 0xff, 0xff),
      Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`f${i}`, true])),
    ],
    ["a char from uint32", "char", bytes(0xce, 0x00, 0x00, 0x00, 0x41), "A"],
    ["the last char", "char", bytes(0xce, 0x00, 0x10, 0xff, 0xff), "\u{10FFFF}"],
    ["a char right after the surrogates", "char", bytes(0xcd, 0xe0, 0x00), "\uE000"],
  ])("%s", (_, type, input, expected) => {
    expect(compileValueCodec(parseValueType(type)).decodeOutput(input, limit)).toEqual(expected);
  });
});
