import { beforeAll, describe, expect, test } from "vitest";
import { type ComponentBinding, checkComponent, fromJcoValue, toJcoValue } from "../../runtime/components/index.js";
import { parseValueType, type ValueType } from "../../runtime/values/index.js";
import { componentFixture, instantiateComponent } from "../helpers/components.js";
import { canonical } from "../helpers/value-generators.js";

// Values through jco's real bindings of a real component (test/fixtures/components/names.*,
// whose functions give back what they get): the names and shapes the conversion assumes are the
// ones jco uses.

let bytes: Uint8Array;
let bindings: Record<string, unknown>;
beforeAll(async () => {
  bytes = await componentFixture("names");
  bindings = await instantiateComponent(bytes);
});

interface Case {
  readonly export: string;
  readonly input: string;
  readonly output: string;
  readonly values: readonly { readonly given: unknown; readonly expected: unknown }[];
}

const same = (...values: unknown[]) => values.map((value) => ({ given: value, expected: value }));

const cases: readonly Case[] = [
  {
    export: "echo-rec",
    input: "record{word_count: u32, HTTPCode: u32, a1B: u32, utf8Bytes: u64}",
    output: "record{word_count: u32, HTTPCode: u32, a1B: u32, utf8Bytes: u64}",
    values: same(
      { word_count: 1, HTTPCode: 2, a1B: 3, utf8Bytes: 2n ** 60n },
      { word_count: 0, HTTPCode: 0, a1B: 4, utf8Bytes: 5 },
    ),
  },
  {
    export: "echo-perms",
    input: "flags{can-read, x2, is-ok}",
    output: "flags{can-read, x2, is-ok}",
    values: [
      { given: { "can-read": true, "is-ok": true }, expected: { "can-read": true, x2: false, "is-ok": true } },
      { given: {}, expected: { "can-read": false, x2: false, "is-ok": false } },
    ],
  },
  { export: "echo-nested", input: "option<option<u32>>", output: "option<option<u32>>", values: same(null, 0, 7) },
  {
    export: "echo-deep",
    input: "option<option<option<u32>>>",
    output: "option<option<option<u32>>>",
    values: same(null, 0, 9),
  },
  { export: "echo-u64", input: "u64", output: "u64", values: same(0, 2 ** 53 - 1, 2n ** 64n - 1n) },
  {
    export: "echo-result",
    input: "result<u32, u32>",
    output: "tuple<result<u32, u32>>",
    values: [
      { given: { tag: "ok", val: 1 }, expected: [{ tag: "ok", val: 1 }] },
      { given: { tag: "err", val: 2 }, expected: [{ tag: "err", val: 2 }] },
    ],
  },
  {
    export: "echo-shape",
    input: "variant{none, num(s64), pair(tuple<u32, u32>)}",
    output: "variant{none, num(s64), pair(tuple<u32, u32>)}",
    values: same(
      { tag: "none" },
      { tag: "num", val: -5 },
      { tag: "num", val: -(2n ** 62n) },
      { tag: "pair", val: [1, 2] },
    ),
  },
];

function bind(c: Case): { binding: ComponentBinding; input: ValueType; output: ValueType } {
  const input = parseValueType(c.input);
  const output = parseValueType(c.output);
  const check = checkComponent(bytes, { export: c.export, inputType: input, outputType: output });
  expect(check.issues).toEqual([]);
  if (check.binding === undefined) throw new Error(`no binding for ${c.export}`);
  return { binding: check.binding, input, output };
}

describe.each(cases)("$export: $input", (c) => {
  test("the definition matches the component, and jco's bindings give back each value", () => {
    const { binding, input, output } = bind(c);
    expect(binding.arguments).toEqual({ kind: "input" });
    expect(binding.result).toEqual({ kind: "value" });
    const [key, ...rest] = binding.jcoPath;
    expect(rest).toEqual([]);
    const call = bindings[key as string] as (arg: unknown) => unknown;
    expect(typeof call).toBe("function");
    for (const { given, expected } of c.values) {
      const result = fromJcoValue(output, call(toJcoValue(input, given)));
      expect(canonical(output, result)).toEqual(canonical(output, expected));
    }
  });
});
