import { describe, expect, test } from "vitest";
import { ModuleParseError, UsageError } from "../../runtime/errors/index.js";
import { appendCustomSection, inspectModule, withoutLastCustomSection } from "../../runtime/wasm/index.js";
import { wat } from "../helpers/wat.js";
import { moduleBytes, name, section } from "./binary.js";
import { engineValidates } from "./engine.js";
import { watFixture } from "./fixtures.js";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("appendCustomSection", () => {
  test("the new section validates and reads back last, byte for byte", async () => {
    const original = await watFixture("realistic.wat");
    const payload = encode(JSON.stringify({ abi: 1, input: "record{a: s32}", output: "string" }));
    const bytes = appendCustomSection(original, "wasmflow.sdk", payload);

    expect(engineValidates(bytes)).toBe(true);
    const info = inspectModule(bytes);
    expect(info.customSections.map((s) => s.name)).toEqual(["wasmflow.sdk"]);
    expect(info.customSections[0]?.data).toEqual(payload);
    // Everything else about the module is unchanged.
    expect({ ...info, size: 0, customSections: [] }).toEqual({
      ...inspectModule(original),
      size: 0,
      customSections: [],
    });
    expect(bytes.subarray(0, original.length)).toEqual(original);
  });

  test("the input is not modified", async () => {
    const original = await wat(`(module)`);
    const copy = original.slice();
    appendCustomSection(original, "x", new Uint8Array([1, 2, 3]));
    expect(original).toEqual(copy);
  });

  test.each([
    { label: "empty name and payload", name: "", size: 0 },
    { label: "non-ASCII name", name: "données·日本", size: 5 },
    { label: "payload needing a multi-byte section size", name: "big", size: 20_000 },
  ])("$label", async ({ name: sectionName, size }) => {
    const payload = new Uint8Array(size).map((_, i) => i % 251);
    const bytes = appendCustomSection(await wat(`(module (func (export "f")))`), sectionName, payload);
    expect(engineValidates(bytes)).toBe(true);
    expect(inspectModule(bytes).customSections).toEqual([{ name: sectionName, data: payload }]);
  });

  test("appending twice keeps both sections, in order", async () => {
    const once = appendCustomSection(await wat(`(module)`), "first", encode("1"));
    const twice = appendCustomSection(once, "second", encode("2"));
    expect(inspectModule(twice).customSections.map((s) => s.name)).toEqual(["first", "second"]);
  });

  test("bytes that are not a module are refused", () => {
    expect(() => appendCustomSection(encode("(module)"), "x", new Uint8Array())).toThrow(ModuleParseError);
  });

  test("a name with a lone surrogate is refused rather than silently altered", async () => {
    const bytes = await wat(`(module)`);
    expect(() => appendCustomSection(bytes, "bad\ud800", new Uint8Array())).toThrow(UsageError);
  });
});

describe("inspectModule reads custom sections wherever they appear", () => {
  test("before, between and after the other sections, with views into the input", () => {
    const bytes = moduleBytes(
      section(0, [...name("first"), 1, 2]),
      section(1, [1, 0x60, 0, 0]),
      section(0, [...name("middle")]),
      section(3, [1, 0]),
      section(0, [...name("before code"), 9]),
      section(10, [1, 2, 0, 0x0b]),
      section(0, [...name("name"), 0x00, 0x01, 0x00]),
    );
    expect(engineValidates(bytes)).toBe(true);
    const info = inspectModule(bytes);
    expect(info.customSections.map((s) => [s.name, [...s.data]])).toEqual([
      ["first", [1, 2]],
      ["middle", []],
      ["before code", [9]],
      ["name", [0, 1, 0]],
    ]);
    expect(info.customSections[0]?.data.buffer).toBe(bytes.buffer);
    expect(info.definedFunctions).toBe(1);
  });
});

describe("withoutLastCustomSection", () => {
  test("takes off a last custom section of that name, leaving everything before it byte for byte", async () => {
    const original = await watFixture("realistic.wat");
    const tagged = appendCustomSection(original, "sourceMappingURL", encode("./module.wasm.map"));
    expect(withoutLastCustomSection(tagged, "sourceMappingURL")).toEqual(original);
  });

  test("leaves a module alone when its last section is not that custom section", async () => {
    const original = await watFixture("realistic.wat");
    const url = appendCustomSection(original, "sourceMappingURL", encode("x"));
    // Not last: taking it off would move nothing here, but a section before the code would move every offset.
    const notLast = appendCustomSection(url, "other", encode("y"));
    expect(withoutLastCustomSection(notLast, "sourceMappingURL")).toBe(notLast);
    expect(withoutLastCustomSection(original, "sourceMappingURL")).toBe(original);
    const otherName = appendCustomSection(original, "sourceMappingURLs", encode("x"));
    expect(withoutLastCustomSection(otherName, "sourceMappingURL")).toBe(otherName);
    const bare = await wat("(module)");
    expect(withoutLastCustomSection(bare, "sourceMappingURL")).toBe(bare);
  });

  test("a section running past the end is a ModuleParseError", async () => {
    const bytes = appendCustomSection(await wat("(module)"), "sourceMappingURL", encode("x"));
    expect(() => withoutLastCustomSection(bytes.subarray(0, bytes.length - 1), "sourceMappingURL")).toThrow(
      ModuleParseError,
    );
    expect(() => withoutLastCustomSection(new Uint8Array([1, 2, 3]), "x")).toThrow(ModuleParseError);
  });
});
