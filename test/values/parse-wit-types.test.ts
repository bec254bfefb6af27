import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { formatValueType, parseValueType, ValueTypeSyntaxError } from "../../runtime/values/index.js";
import { valueTypes } from "../helpers/value-generators.js";

describe("WIT's tuple, enum, variant, result, flags and char", () => {
  test.each([
    ["char", "char", { kind: "char" }],
    ["tuple< u64 ,string>", "tuple<u64, string>", { kind: "tuple", elements: [{ kind: "u64" }, { kind: "string" }] }],
    ["enum{ red, light-blue }", "enum{red, light-blue}", { kind: "enum", cases: ["red", "light-blue"] }],
    ["flags{read,write}", "flags{read, write}", { kind: "flags", flags: ["read", "write"] }],
    [
      "variant{circle(f64), none}",
      "variant{circle(f64), none}",
      { kind: "variant", cases: [{ name: "circle", type: { kind: "f64" } }, { name: "none" }] },
    ],
    ["result<s32, string>", "result<s32, string>", { kind: "result", ok: { kind: "s32" }, err: { kind: "string" } }],
    ["result<s32>", "result<s32>", { kind: "result", ok: { kind: "s32" } }],
    ["result< _ , string>", "result<_, string>", { kind: "result", err: { kind: "string" } }],
    ["result", "result", { kind: "result" }],
    ["list<result>", "list<result>", { kind: "list", element: { kind: "result" } }],
  ])("%s is %s", (text, canonical, parsed) => {
    expect(parseValueType(text)).toEqual(parsed);
    expect(formatValueType(parseValueType(text))).toBe(canonical);
  });

  test("they nest inside records, lists and options, and records inside them", () => {
    const text = "record{shape: variant{square(record{side: f64}), dot}, pair: option<tuple<char, enum{a}>>}";
    expect(formatValueType(parseValueType(text))).toBe(text);
    expect(formatValueType(parseValueType({ r: "result<_, flags{x}>" }))).toBe("record{r: result<_, flags{x}>}");
  });

  test("the canonical text of any type parses back to the same type", () => {
    fc.assert(
      fc.property(valueTypes, (type) => {
        const text = formatValueType(type);
        expect(formatValueType(parseValueType(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  test.each([
    ["enum{}", "declares no case"],
    ["flags{}", "declares no flag"],
    ["variant{}", "declares no case"],
    ["enum{Red}", '"Red" is not a WIT name'],
    ["enum{snake_case}", '"snake_case" is not a WIT name'],
    ["enum{a--b}", "is not a WIT name"],
    ["variant{a(s32), a}", '"a" is declared twice'],
    ["flags{constructor}", "reserved"],
    ["tuple<>", "expected a type"],
    ["tuple<s32,>", "expected a type"],
    [`tuple<${Array(65).fill("u32").join(", ")}>`, "at most 64 items"],
    [`flags{${Array.from({ length: 33 }, (_, i) => `f${i}`).join(", ")}}`, "at most 32 flags"],
    [`enum{${Array.from({ length: 257 }, (_, i) => `c${i}`).join(", ")}}`, "at most 256 cases"],
    ["result<_>", 'expected ","'],
    ["result<s32, string, u8>", 'expected ">"'],
    ["variant{a(s32}", 'expected ")"'],
    ["variant{a()}", "expected a type"],
    ["chr", 'did you mean "char"?'],
    ["tupel<s32>", 'did you mean "tuple"?'],
  ])("%s is refused (%s)", (text, message) => {
    expect(() => parseValueType(text)).toThrow(ValueTypeSyntaxError);
    expect(() => parseValueType(text)).toThrow(message);
  });

  test("a problem is reported at its place in the object form", () => {
    let thrown: unknown;
    try {
      parseValueType({ meta: { color: "enum{Red}" } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValueTypeSyntaxError);
    expect((thrown as ValueTypeSyntaxError).issues[0]?.path).toBe("type.meta.color");
  });
});
