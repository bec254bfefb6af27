import { describe, expect, test } from "vitest";
import { compileValueCodec, parseValueType } from "../../../runtime/values/index.js";

// tuple, enum, variant, result, flags and char: the wire form the guest SDK reads, and the values
// that come back from it.

const limit = 1 << 20;
const codecOf = (type: string) => compileValueCodec(parseValueType(type));
const encoded = (type: string, value: unknown) => [...codecOf(type).encodeInput(value, limit)];
const roundTrip = (type: string, value: unknown) => {
  const codec = codecOf(type);
  return codec.decodeOutput(codec.encodeInput(value, limit), limit);
};
const f64 = (value: number) => {
  const out = new Uint8Array(9);
  out[0] = 0xcb;
  new DataView(out.buffer).setFloat64(1, value);
  return [...out];
};

describe("the wire form of the WIT kinds", () => {
  test.each<[string, string, unknown, number[]]>([
    ["a char as its code point", "char", "a", [0x61]],
    ["a char past the BMP", "char", "😀", [0xce, 0x00, 0x01, 0xf6, 0x00]],
    ["the last char", "char", "\u{10FFFF}", [0xce, 0x00, 0x10, 0xff, 0xff]],
    ["NUL as a char", "char", "\0", [0x00]],
    ["a tuple as an array of its items", "tuple<s32, string>", [-1, "a"], [0x92, 0xff, 0xa1, 0x61]],
    ["an enum case as its index", "enum{red, light-blue}", "light-blue", [0x01]],
    ["a variant case without payload as [index]", "variant{circle(f64), none}", { tag: "none" }, [0x91, 0x01]],
    [
      "a variant case with payload as [index, payload]",
      "variant{circle(f64), none}",
      { tag: "circle", val: 1.5 },
      [0x92, 0x00, ...f64(1.5)],
    ],
    ["an option payload left out as nil", "variant{maybe(option<u32>)}", { tag: "maybe" }, [0x92, 0x00, 0xc0]],
    ["ok as index 0", "result<u32, string>", { tag: "ok", val: 5 }, [0x92, 0x00, 0x05]],
    ["err as index 1", "result<u32, string>", { tag: "err", val: "x" }, [0x92, 0x01, 0xa1, 0x78]],
    ["err of result<T> without payload", "result<u32>", { tag: "err" }, [0x91, 0x01]],
    ["ok of result<_, E> without payload", "result<_, string>", { tag: "ok" }, [0x91, 0x00]],
    ["a bare result", "result", { tag: "err" }, [0x91, 0x01]],
    ["flags as a bitmask, flag i as bit i", "flags{read, write, exec}", { read: true, exec: true }, [0x05]],
    ["flags left out or false as unset bits", "flags{read, write}", { read: false }, [0x00]],
    [
      "bit 31 of 32 flags, unsigned",
      `flags{${Array.from({ length: 32 }, (_, i) => `f${i}`).join(", ")}}`,
      { f31: true },
      [0xce, 0x80, 0x00, 0x00, 0x00],
    ],
  ])("%s", (_, type, value, wire) => {
    expect(encoded(type, value)).toEqual(wire);
  });
});

describe("values of the WIT kinds come back as they went", () => {
  test.each<[string, string, unknown]>([
    ["u64 past 2^53 inside a tuple", "tuple<u64, s64>", [2n ** 64n - 1n, -(2n ** 63n)]],
    ["u64 past 2^53 inside a variant", "variant{big(u64), small(u32)}", { tag: "big", val: 2n ** 53n + 1n }],
    ["an empty string in a tuple", "tuple<string, string>", ["", "日本語"]],
    ["unicode in a result", "result<string, string>", { tag: "err", val: "👩‍👩‍👧‍👦 héllo" }],
    ["a variant in a variant", "variant{outer(variant{inner(string), leaf})}", { tag: "outer", val: { tag: "leaf" } }],
    ["an option of an option in a tuple", "tuple<option<option<u32>>>", [7]],
    ["a list of variants", "list<variant{a(s32), b}>", [{ tag: "a", val: -3 }, { tag: "b" }]],
    ["a record payload", "variant{square(record{side: f64})}", { tag: "square", val: { side: 2.5 } }],
    ["a result of a result", "result<result<u32, string>, string>", { tag: "ok", val: { tag: "err", val: "x" } }],
    ["an astral char", "char", "😀"],
    ["U+FFFF as a char", "char", "\uFFFF"],
    ["an enum case named like an inherited property", "enum{constructor, a}", "constructor"],
    ["a variant case named like an inherited property", "variant{constructor(u32)}", { tag: "constructor", val: 1 }],
    ["bytes in a tuple", "tuple<bytes, bool>", [new Uint8Array([0, 255]), true]],
  ])("%s", (_, type, value) => {
    expect(roundTrip(type, value)).toEqual(value);
  });

  test("an option payload left out, undefined or null comes back as val: null", () => {
    for (const value of [{ tag: "maybe" }, { tag: "maybe", val: undefined }, { tag: "maybe", val: null }]) {
      expect(roundTrip("variant{maybe(option<u32>)}", value)).toEqual({ tag: "maybe", val: null });
    }
  });

  test("a case without payload comes back with tag alone, even from val: undefined", () => {
    const decoded = roundTrip("variant{a(u32), b}", { tag: "b", val: undefined }) as object;
    expect(Object.keys(decoded)).toEqual(["tag"]);
  });

  test("flags come back with every flag, and no other key", () => {
    const decoded = roundTrip("flags{read, write, exec}", { write: true }) as object;
    expect(decoded).toEqual({ read: false, write: true, exec: false });
    expect(Object.keys(decoded)).toEqual(["read", "write", "exec"]);
  });

  test("decoded variants and flags are plain objects with only declared keys", () => {
    const type = "record{shape: variant{circle(f64), none}, perms: flags{read}, outcome: result<u32>}";
    const decoded = roundTrip(type, {
      shape: { tag: "circle", val: 1 },
      perms: { read: true },
      outcome: { tag: "err" },
    }) as Record<string, object>;
    for (const [key, keys] of [
      ["shape", ["tag", "val"]],
      ["perms", ["read"]],
      ["outcome", ["tag"]],
    ] as const) {
      const value = decoded[key] as object;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Reflect.ownKeys(value)).toEqual(keys);
    }
  });

  test("objects with a null prototype are accepted for variants and flags", () => {
    const shape = Object.assign(Object.create(null), { tag: "circle", val: 2 });
    const perms = Object.assign(Object.create(null), { read: true });
    expect(roundTrip("tuple<variant{circle(f64)}, flags{read}>", [shape, perms])).toEqual([
      { tag: "circle", val: 2 },
      { read: true },
    ]);
  });
});
