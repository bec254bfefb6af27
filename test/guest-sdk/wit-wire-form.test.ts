import { beforeAll, expect, test } from "vitest";
import { compileValueCodec } from "../../runtime/values/index.js";
import { callSdk, packr } from "./sdk-host.js";
import { fixtureInputType } from "./typed-values.js";
import { wireInput, witTypesModule } from "./wit-types-module.js";

let module: WebAssembly.Module;

beforeAll(async () => {
  module = await witTypesModule();
});

function call(input: Uint8Array): Uint8Array {
  const result = callSdk(module, "run", input);
  if (result.status !== "ok") throw new Error(`guest ${result.status}: ${JSON.stringify(result)}`);
  return result.output;
}

test("the generated codecs read and write the wire form written by hand", () => {
  expect(packr.unpack(call(packr.pack(wireInput)))).toEqual(wireInput);
});

test.each<[string, Record<string, unknown>]>([
  ["every flag of 32 set and bit 31 alone", { all: 0xffffffff, perms: 0 }],
  ["the last flag of 32 alone", { all: 0x80000000 }],
  ["char U+0000 and U+10FFFF, the scalar values' ends", { letter: 0, wide: [0, 0, 0x10ffff, false] }],
  ["chars on both sides of the surrogates", { letter: 0xd7ff, maybeChar: 0xe000 }],
  ["the last case of each variant", { shape: [4, "named"], nested: [2], many: [[1], [1]], keywords: [4, 0] }],
  ["a case whose payload is an absent option", { nested: [0, null] }],
  ["the other side of each result", { outcome: [0, 7], done: [1], failure: [0], total: [1] }],
  ["options present", { maybeColor: 2, maybePerms: 7, maybePair: [-1, "x"] }],
])("%s comes back as it was sent", (_, fields) => {
  const input = { ...wireInput, ...fields };
  expect(packr.unpack(call(packr.pack(input)))).toEqual(input);
});

test("the runtime's codec and the generated one agree on every kind", () => {
  const codec = compileValueCodec(fixtureInputType("wit-types"));
  const allFlags = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`f${i}`, true]));
  const value = {
    letter: "😀",
    pair: [-5, "héllo"],
    wide: [2n ** 64n - 1n, -(2n ** 63n), "\u{10FFFF}", true],
    color: "light-blue",
    perms: { read: true, exec: true },
    all: allFlags,
    shape: { tag: "square", val: { side: 2.5 } },
    outcome: { tag: "err", val: "bad" },
    done: { tag: "ok" },
    failure: { tag: "err", val: "" },
    total: { tag: "ok", val: 2n ** 60n },
    nested: { tag: "deep", val: { tag: "leaf", val: ["A", null] } },
    many: [{ tag: "a", val: 7 }, { tag: "b" }],
    maybeColor: null,
    maybeChar: "\0",
    maybePerms: {},
    maybePair: [2147483647, ""],
    keywords: { tag: "static", val: "readonly" },
  };
  const bytes = codec.encodeInput(value, 1 << 20);
  expect(packr.unpack(bytes)).toEqual(wireInput);
  expect(codec.decodeOutput(call(bytes), 1 << 20)).toEqual({
    ...value,
    perms: { read: true, write: false, exec: true },
    maybePerms: { read: false, write: false, exec: false },
  });
});
