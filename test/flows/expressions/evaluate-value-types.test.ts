import { expect, test } from "vitest";
import { compileExpression, evaluate } from "../../../runtime/flows/expressions/index.js";
import { allTypesScope } from "./fixtures.js";

const input = {
  flag: true,
  small: -7,
  unsigned: 4_000_000_000,
  big: 2n ** 62n,
  huge: 2n ** 64n - 1n,
  single: 1.5,
  double: 0.1,
  text: "héllo",
  blob: new Uint8Array([0, 255, 16]),
  tags: ["a", "b"],
  maybe: null,
  nested: { inner: [{ id: 2n ** 60n }, { id: 3 }] },
};

test.each([
  ["input.flag", true],
  ["!input.flag", false],
  ["input.small", -7],
  ["input.small * 2", -14],
  ["input.unsigned + 1", 4_000_000_001],
  ["input.big", 2n ** 62n],
  ["input.big / 2", 2n ** 61n],
  ["input.big - input.big + 5", 5],
  ["input.huge", 2n ** 64n - 1n],
  ["input.huge - 18446744073709551614u", 1],
  ["input.huge > 9007199254740993u", true],
  ["input.single + 1.0", 2.5],
  ["input.double * 10.0", 1],
  ["input.text", "héllo"],
  ["input.text.size()", 5],
  ["input.blob", new Uint8Array([0, 255, 16])],
  ["input.blob.size()", 3],
  ["input.blob + b'\\x01'", new Uint8Array([0, 255, 16, 1])],
  ["input.tags", ["a", "b"]],
  ["input.tags.map(t, t + '!')", ["a!", "b!"]],
  ["'b' in input.tags", true],
  ["input.maybe", null],
  ["input.maybe.hasValue()", false],
  ["input.maybe.orValue(42)", 42],
  ["input.nested.inner[0].id", 2n ** 60n],
  ["input.nested.inner.map(r, r.id)", [2n ** 60n, 3]],
  ["input.nested", { inner: [{ id: 2n ** 60n }, { id: 3 }] }],
  ["{'k': input.small}", { k: -7 }],
  ["null", null],
])("%s evaluates to %s", (text, expected) => {
  expect(evaluate(compileExpression(text, allTypesScope), { input })).toEqual(expected);
});

test("a present option reads as its value", () => {
  const compiled = compileExpression("input.maybe.value() + 1", allTypesScope);
  expect(evaluate(compiled, { input: { ...input, maybe: 41 } })).toBe(42);
});

test("integers may come in as numbers or BigInt", () => {
  const compiled = compileExpression("input.big + input.small", allTypesScope);
  expect(evaluate(compiled, { input: { ...input, big: 10, small: -1 } })).toBe(9);
  expect(evaluate(compiled, { input: { ...input, big: 10n, small: -1 } })).toBe(9);
});
