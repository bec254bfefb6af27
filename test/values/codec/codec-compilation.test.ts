import { describe, expect, test } from "vitest";
import {
  compileValueCodec,
  parseValueType,
  type ValueType,
  ValueTypeSyntaxError,
} from "../../../runtime/values/index.js";

describe("compiling a codec", () => {
  test("is done once per type: the same type object gives the same codec", () => {
    const type = parseValueType({ text: "string" });
    expect(compileValueCodec(type)).toBe(compileValueCodec(type));
    expect(compileValueCodec(type, type)).toBe(compileValueCodec(type));
    expect(compileValueCodec(type, parseValueType("u32"))).not.toBe(compileValueCodec(type));
  });

  test("a task codec encodes the input type and decodes the output type", () => {
    const codec = compileValueCodec(parseValueType({ text: "string" }), parseValueType("u32"));
    expect(codec.encodeInput({ text: "a" }, 100)).toEqual(
      new Uint8Array([0x81, 0xa4, 0x74, 0x65, 0x78, 0x74, 0xa1, 0x61]),
    );
    expect(codec.decodeOutput(new Uint8Array([0x2a]), 100)).toBe(42);
    expect(() => codec.encodeInput(42, 100)).toThrow("input: expected record, got number 42");
    expect(() => codec.decodeOutput(new Uint8Array([0x81, 0xa1, 0x61, 0x01]), 100)).toThrow(
      "output: expected u32, got map",
    );
  });

  test.each<[string, ValueType]>([
    [
      'a hand-built record with a "__proto__" field',
      { kind: "record", fields: [{ name: "__proto__", type: { kind: "s32" } }] },
    ],
    [
      "a hand-built record declaring a field twice",
      {
        kind: "record",
        fields: [
          { name: "a", type: { kind: "s32" } },
          { name: "a", type: { kind: "u32" } },
        ],
      },
    ],
    [
      "hand-built flags past the 32 bits of their wire form",
      { kind: "flags", flags: Array.from({ length: 33 }, (_, i) => `f${i}`) },
    ],
    ['hand-built flags with a "__proto__" flag', { kind: "flags", flags: ["__proto__"] }],
    ["a hand-built enum declaring a case twice", { kind: "enum", cases: ["a", "a"] }],
    ["a hand-built variant without cases", { kind: "variant", cases: [] }],
    ["a hand-built tuple without items", { kind: "tuple", elements: [] }],
    [
      "a hand-built type nested past the depth limit",
      Array.from({ length: 40 }).reduce<ValueType>((inner) => ({ kind: "list", element: inner }), { kind: "s32" }),
    ],
  ])("refuses %s, which the type parser never produces", (_, type) => {
    expect(() => compileValueCodec(type)).toThrow(ValueTypeSyntaxError);
  });
});
