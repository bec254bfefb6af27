import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { compileValueCodec, formatValueType, parseValueType, type ValueType } from "../../runtime/values/index.js";
import { canonical, valuesOf, valueTypes } from "../helpers/value-generators.js";
import { identityEntry, identityModule } from "./identity-module.js";
import { callSdk } from "./sdk-host.js";

const flagNames = (count: number) => Array.from({ length: count }, (_, i) => `f${i}`);

/** Types the random ones might miss: 64-bit values inside tuples and variants, options and variants nested. */
const chosen = [
  "char",
  "tuple<u64, s64, string, char>",
  "variant{big(u64), small(s64), text(string), pair(tuple<u64, char>), none}",
  "option<option<variant{a(option<u32>), b(variant{c(u64), d}), e}>>",
  "list<option<variant{x(option<option<string>>), y(list<tuple<char>>)}>>",
  "enum{red, light-blue, green}",
  "flags{a, b, c, d, e}",
  `flags{${flagNames(32).join(", ")}}`,
  "result",
  "result<string>",
  "result<_, enum{not-found, denied}>",
  "result<tuple<u64, char>, list<string>>",
  "record{tag: variant{tag(string), constructor(bool), new, static(u32)}, static: flags{readonly, static}}",
].map((text) => parseValueType(text));

// A fixed seed: the types are compiled once, before any property runs.
const generated = fc.sample(valueTypes, { seed: 20_240_611, numRuns: 30 });
const types: readonly ValueType[] = [...chosen, ...generated];
const index = new Map(types.map((type, i) => [type, i]));

let module: WebAssembly.Module;

beforeAll(async () => {
  module = await identityModule(types);
}, 600_000);

/** Host → guest → host: the runtime's encoder, the generated codecs both ways, the runtime's strict decoder. */
function roundTrip(type: ValueType, value: unknown): unknown {
  const codec = compileValueCodec(type);
  const result = callSdk(module, identityEntry(index.get(type) ?? -1), codec.encodeInput(value, 1 << 22));
  if (result.status !== "ok") throw new Error(`guest ${result.status}: ${JSON.stringify(result)}`);
  return codec.decodeOutput(result.output, 1 << 22);
}

function expectRoundTrip(type: ValueType, value: unknown): void {
  expect(canonical(type, roundTrip(type, value), { zero: true })).toEqual(canonical(type, value, { zero: true }));
}

const named = (type: ValueType) => {
  const text = formatValueType(type);
  return text.length > 90 ? `${text.slice(0, 90)}…` : text;
};

describe("a generated identity task gives back every value the host sends", () => {
  test.each(types.map((type) => [named(type), type] as const))("%s", (_, type) => {
    fc.assert(
      fc.property(valuesOf(type), (value) => {
        expectRoundTrip(type, value);
      }),
      { numRuns: 40 },
    );
  });
});

const [, tuple, variant, nested, list, , fiveFlags, allFlags] = chosen as [ValueType, ...ValueType[]];

test.each<[string, ValueType | undefined, unknown]>([
  ["u64 and s64 beyond 2^53 in a tuple", tuple, [2n ** 64n - 1n, -(2n ** 63n), "", "\u{10FFFF}"]],
  ["u64 beyond 2^53 in a variant", variant, { tag: "big", val: 2n ** 53n + 1n }],
  ["s64 at its minimum in a variant", variant, { tag: "small", val: -(2n ** 63n) }],
  ["a tuple in a variant", variant, { tag: "pair", val: [2n ** 63n, "😀"] }],
  ["an empty string in a variant", variant, { tag: "text", val: "" }],
  ["a unicode string in a variant", variant, { tag: "text", val: "👩‍👩‍👧‍👦 日本語 é\u0000" }],
  ["a case without payload", variant, { tag: "none" }],
  ["variants nested in options", nested, { tag: "b", val: { tag: "c", val: 2n ** 64n - 1n } }],
  ["an option payload left out", nested, { tag: "a" }],
  ["an option payload set", nested, { tag: "a", val: 0 }],
  ["the outer option none", nested, null],
  [
    "options and variants in a list",
    list,
    [null, { tag: "x", val: "s" }, { tag: "x", val: null }, { tag: "y", val: [["a"]] }],
  ],
  ["every flag of 32 set", allFlags, Object.fromEntries(flagNames(32).map((name) => [name, true]))],
  ["only the 32nd flag set", allFlags, { f31: true }],
])("%s", (_, type, value) => {
  if (type === undefined) throw new Error("type missing");
  expectRoundTrip(type, value);
});

test("every combination of five flags", () => {
  if (fiveFlags === undefined) throw new Error("type missing");
  for (let bits = 0; bits < 32; bits++) {
    const value = Object.fromEntries(["a", "b", "c", "d", "e"].map((name, i) => [name, (bits & (1 << i)) !== 0]));
    expectRoundTrip(fiveFlags, value);
  }
});
