import { describe, expect, test } from "vitest";
import { witToValueType } from "../../runtime/components/index.js";
import { formatValueType, maxFlags } from "../../runtime/values/index.js";
import type { WitType } from "../../runtime/wasm/index.js";

function mapped(type: WitType): string {
  const result = witToValueType(type, "output");
  if ("issues" in result) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  return formatValueType(result.type);
}

const u32: WitType = { kind: "u32" };

describe("WIT types with a wasmflow type", () => {
  test("the same structure; list<u8> is bytes; record fields in camelCase", () => {
    for (const kind of ["bool", "s32", "u32", "s64", "u64", "f32", "f64", "char", "string"] as const) {
      expect(mapped({ kind })).toBe(kind);
    }
    expect(mapped({ kind: "list", element: { kind: "u8" } })).toBe("bytes");
    expect(mapped({ kind: "list", element: { kind: "list", element: { kind: "u8" } } })).toBe("list<bytes>");
    expect(mapped({ kind: "option", inner: { kind: "option", inner: u32 } })).toBe("option<option<u32>>");
    expect(
      mapped({
        kind: "record",
        fields: [
          { name: "word-count", type: u32 },
          { name: "HTTP-code", type: u32 },
          { name: "a1-b", type: u32 },
        ],
      }),
    ).toBe("record{wordCount: u32, httpCode: u32, a1B: u32}");
    expect(mapped({ kind: "tuple", elements: [u32, { kind: "string" }] })).toBe("tuple<u32, string>");
    expect(mapped({ kind: "enum", cases: ["red", "light-blue"] })).toBe("enum{red, light-blue}");
    expect(mapped({ kind: "flags", flags: ["read", "write"] })).toBe("flags{read, write}");
    expect(mapped({ kind: "variant", cases: [{ name: "num", type: u32 }, { name: "none" }] })).toBe(
      "variant{num(u32), none}",
    );
    expect(mapped({ kind: "result", err: { kind: "string" } })).toBe("result<_, string>");
    expect(mapped({ kind: "result" })).toBe("result");
  });
});

describe("WIT types without one: an issue at each place", () => {
  test("small integers, handles, async types, fixed-length lists", () => {
    const result = witToValueType(
      {
        kind: "record",
        fields: [
          { name: "a", type: { kind: "s8" } },
          { name: "b", type: { kind: "list", element: { kind: "u16" } } },
          { name: "c", type: { kind: "own", resource: "blob" } },
          { name: "d", type: { kind: "list", element: u32, length: 4 } },
          { name: "e", type: { kind: "variant", cases: [{ name: "s", type: { kind: "stream" } }] } },
          { name: "f", type: { kind: "tuple", elements: [u32, { kind: "error-context" }] } },
          { name: "g", type: { kind: "result", ok: { kind: "future", element: u32 } } },
        ],
      },
      "output",
    );
    expect("issues" in result && result.issues.map((i) => [i.code, i.path, i.actual])).toEqual([
      ["COMPONENT_TYPE_UNSUPPORTED", "output.a", "s8"],
      ["COMPONENT_TYPE_UNSUPPORTED", "output.b[]", "u16"],
      ["COMPONENT_TYPE_UNSUPPORTED", "output.c", "own<blob>"],
      ["COMPONENT_TYPE_UNSUPPORTED", "output.d", "list<u32, 4>"],
      ["COMPONENT_TYPE_UNSUPPORTED", "output.e.val", "stream"],
      ["COMPONENT_TYPE_UNSUPPORTED", "output.f[1]", "error-context"],
      ["COMPONENT_TYPE_UNSUPPORTED", "output.g.val", "future<u32>"],
    ]);
  });

  test("labels wasmflow cannot declare, and counts past its limits", () => {
    const issues = (type: WitType) => {
      const result = witToValueType(type, "input");
      return "issues" in result ? result.issues.map((i) => i.message) : [];
    };
    expect(issues({ kind: "enum", cases: ["HTTP"] })).toEqual([
      'case "HTTP" is not a lowercase WIT label (a-z, 0-9, single hyphens)',
    ]);
    expect(issues({ kind: "flags", flags: Array.from({ length: maxFlags + 1 }, (_, i) => `f${i}`) })).toEqual([
      "flags has 1 to 32 flags",
    ]);
    expect(issues({ kind: "record", fields: [] })).toEqual(["a record has 1 to 256 fields"]);
    expect(issues({ kind: "record", fields: [{ name: "-x", type: u32 }] })).toEqual([
      'field "-x" has no wasmflow field name',
    ]);
  });

  test("nesting past wasmflow's depth", () => {
    let type: WitType = u32;
    for (let i = 0; i < 40; i++) type = { kind: "list", element: type };
    const result = witToValueType(type, "input");
    expect("issues" in result && result.issues[0]?.message).toBe("the type nests deeper than 32 levels");
  });
});
