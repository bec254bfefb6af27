import { describe, expect, test } from "vitest";
import { formatValueType, parseValueType, ValueTypeSyntaxError } from "../../runtime/values/index.js";

describe("declared value types", () => {
  test.each([
    ["s32", "s32"],
    ["  list< string >  ", "list<string>"],
    ["option<list<u64>>", "option<list<u64>>"],
    [
      "record{ name: string, tags: list<string>, meta: option<record{ n: f64 }> }",
      "record{name: string, tags: list<string>, meta: option<record{n: f64}>}",
    ],
    [{ text: "string", nested: { ok: "bool" } }, "record{text: string, nested: record{ok: bool}}"],
    [{ b: "bytes", a: "s64" }, "record{b: bytes, a: s64}"],
  ])("%j is %s", (declaration, canonical) => {
    expect(formatValueType(parseValueType(declaration))).toBe(canonical);
  });

  test("canonical text parses back to itself", () => {
    const text = "record{a: list<option<record{b: u32, c: bytes}>>, d: f32}";
    expect(formatValueType(parseValueType(formatValueType(parseValueType(text))))).toBe(text);
  });

  test.each([
    ["", "expected a type"],
    ["i32", 'unknown type "i32"'],
    ["list<string", 'expected ">"'],
    ["list<>", "expected a type"],
    ["record{}", "at least one field"],
    ["record{a: s32, a: u32}", "declared twice"],
    ["record{__proto__: s32}", "reserved"],
    ["s32 junk", "unexpected"],
    [{ constructor: "s32" }, "reserved"],
    [{ "bad-name": "s32" }, "must match"],
    [{}, "at least one field"],
    [42, "a type is a string"],
    [["s32"], "a type is a string"],
    [`${"list<".repeat(40)}s32${">".repeat(40)}`, "deeper than 32"],
  ])("%j is refused (%s)", (declaration, message) => {
    expect(() => parseValueType(declaration)).toThrow(ValueTypeSyntaxError);
    expect(() => parseValueType(declaration)).toThrow(message);
  });

  // Regression: a misspelt type name said only that it was unknown, "at position 0 of" itself,
  // and the object form's problem was reported at the whole type, not at its field.
  test.each([
    ["u23", 'unknown type "u23"; did you mean "u32"?'],
    ["strng", 'unknown type "strng"; did you mean "string"?'],
    ["list<boool>", 'unknown type "boool" at position 5 of "list<boool>"; did you mean "bool"?'],
    ["i32", 'unknown type "i32"; did you mean "s32", "u32" or "f32"?'],
    ["integer", 'unknown type "integer"'],
  ])("%s: %s", (declaration, message) => {
    let thrown: unknown;
    try {
      parseValueType(declaration);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValueTypeSyntaxError);
    expect((thrown as ValueTypeSyntaxError).message).toBe(message);
  });

  test("a problem in the object form names the field it is in", () => {
    const error = (() => {
      try {
        parseValueType({ user: { name: "string", age: "u33" } });
      } catch (thrown) {
        return thrown as ValueTypeSyntaxError;
      }
      throw new Error("accepted");
    })();
    expect(error.fields).toEqual(["user", "age"]);
    expect(error.issues).toEqual([
      { code: "TYPE_SYNTAX", path: "type.user.age", message: 'unknown type "u33"; did you mean "u32"?' },
    ]);
  });

  test("a JSON-parsed __proto__ key is refused, not turned into a prototype", () => {
    expect(() => parseValueType(JSON.parse('{"__proto__": "s32"}'))).toThrow("reserved");
  });

  test("100 000 nested lists fail fast without overflowing the stack", () => {
    const deep = `${"list<".repeat(100_000)}s32${">".repeat(100_000)}`;
    expect(() => parseValueType(deep)).toThrow("deeper than 32");
  });
});
