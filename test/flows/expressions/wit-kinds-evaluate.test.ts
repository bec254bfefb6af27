import fc from "fast-check";
import { expect, test } from "vitest";
import { internalsOf } from "../../../runtime/flows/expressions/compile.js";
import {
  type Activation,
  checkAssignable,
  compileExpression,
  ExpressionError,
  evaluate,
  evaluateAs,
  evaluateCondition,
} from "../../../runtime/flows/expressions/index.js";
import { parseValueType, type ValueType } from "../../../runtime/values/index.js";
import { canonical, typedValues } from "../../helpers/value-generators.js";
import { witActivation, witInput, witScope } from "./wit-kinds-fixtures.js";

test.each([
  ["input.initial", "é"],
  ["input.initial + '!'", "é!"],
  ["input.pair", [7, "seven"]],
  ["input.pair[0] * 2", 14],
  ["input.pair[1]", "seven"],
  ["input.pair.size()", 2],
  ["input.wide[1]", 2n ** 60n],
  ["input.wide.map(i, i + 1)", [2, 2n ** 60n + 1n]],
  ["input.color", "light-blue"],
  ["input.color == 'light-blue'", true],
  ["input.color in ['red']", false],
  ["steps.paint.output.color == input.color", false],
  ["steps.paint.output.mix.filter(c, c == 'red').size()", 1],
  ["input.perms", { read: true, write: false, "light-blue": false }],
  ["input.perms.read", true],
  ["input.perms.write", false],
  ["input.perms['light-blue']", false],
  ["input.shape", { tag: "square", val: { side: 2 } }],
  ["input.shape.tag", "square"],
  ["input.shape.val.side * 2.0", 4],
  ["input.shape.tag == 'circle' ? input.shape.val : input.shape.val.side", 2],
  ["has(input.shape.val)", true],
  ["input.boxed.val.side", 3],
  ["input.maybe", { tag: "given", val: null }],
  ["input.maybe.val.orValue(5)", 5],
  ["input.outcome.tag == 'ok' ? input.outcome.val : 0", 0],
  ["input.outcome.tag == 'err' ? input.outcome.val : ''", "bad"],
  ["input.bare", { tag: "ok" }],
  ["has(input.bare.val)", false],
  ["[input.shape][0]", { tag: "square", val: { side: 2 } }],
  // Literals are homogeneous: a tag beside a value of another type takes dyn() on both.
  ["{'tag': dyn('circle'), 'val': dyn(1.5)}", { tag: "circle", val: 1.5 }],
  ["[dyn(1), dyn('a')]", [1, "a"]],
])("%s evaluates to %s", (text, expected) => {
  expect(evaluate(compileExpression(text, witScope), witActivation)).toEqual(expected);
});

test("flags left out of an input are unset", () => {
  const compiled = compileExpression("input.perms.write || input.perms['light-blue']", witScope);
  expect(evaluateCondition(compiled, witActivation)).toBe(false);
  expect(evaluateCondition(compiled, { input: { ...witInput, perms: { "light-blue": true } } })).toBe(true);
});

type Outcome = { value: unknown } | { code: string; reason: unknown; message: string };

function outcome(text: string, activation: Activation): Outcome {
  try {
    return { value: evaluate(compileExpression(text, witScope), activation) };
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return { code: error.code, reason: error.details.reason, message: error.message.replace(/^.*?: /, "") };
  }
}

test.each([
  ["input.shape.val", { shape: { tag: "none" } }, "no_such_key", "No such key: val"],
  ["input.outcome.val + 1", { outcome: { tag: "err", val: "e" } }, "no_such_overload", "dyn<string> + int"],
  ["input.pair[1] + 1", {}, "no_such_overload", "dyn<string> + int"],
  ["input.color", { color: "green" }, "wrong_type", 'input.color: expected enum{red, light-blue}, got string "green"'],
  ["input.initial", { initial: "ab" }, "wrong_type", 'input.initial: expected char, got string "ab"'],
  ["input.initial", { initial: "\uD800" }, "wrong_type", "input.initial: expected char"],
  ["input.pair", { pair: [1] }, "wrong_type", "input.pair: expected tuple<s32, string>, got list"],
  ["input.pair", { pair: [1, 2] }, "wrong_type", "input.pair[1]: expected string, got integer 2"],
  ["input.perms.read", { perms: { read: 1 } }, "wrong_type", "input.perms.read: expected bool, got integer 1"],
  [
    "input.shape.tag",
    { shape: { tag: "oval" } },
    "wrong_type",
    'input.shape.tag: expected one of circle, square, none, got string "oval"',
  ],
  ["input.shape.tag", { shape: "circle" }, "wrong_type", 'input.shape: expected variant, got string "circle"'],
])("%s on %j fails (%s): %s", (text, change, reason, message) => {
  const result = outcome(text, { ...witActivation, input: { ...witInput, ...change } });
  expect(result).toMatchObject({ code: "CONDITION_ERROR", reason });
  expect((result as { message: string }).message).toContain(message);
});

const paths = [
  "input.initial",
  "input.pair",
  "input.color",
  "input.perms",
  "input.shape",
  "input.boxed",
  "input.maybe",
  "input.outcome",
  "input.bare",
  "steps.paint.output.color",
  "steps.paint.output.mix",
  "input.perms.read",
  "input.perms['light-blue']",
  "input.shape.tag",
  "input.boxed.val",
  "input.boxed.val.side",
  "input.maybe.val",
  "input.outcome.tag",
];

const activations: Activation[] = [
  witActivation,
  { input: { ...witInput, shape: { tag: "none" }, maybe: { tag: "skipped" }, outcome: { tag: "ok", val: 1 } } },
  { input: { ...witInput, perms: {}, maybe: { tag: "given", val: 4 } } },
  {
    input: { initial: "xy", pair: [1], color: "blue", perms: { read: "yes" }, shape: { tag: "oval" }, bare: "ok" },
    steps: { paint: { output: { color: 1, mix: ["red", "x"] } } },
  },
  { input: { shape: { val: 1 }, outcome: [], maybe: null }, steps: { paint: {} } },
];

test.each(paths)("%s read without the library reads what the library reads, and fails as it fails", (path) => {
  for (const activation of activations) {
    expect(outcome(path, activation)).toEqual(outcome(`[${path}][0]`, activation));
  }
});

test("a value read and converted back to its declared type is the value itself, for every kind", () => {
  fc.assert(
    fc.property(typedValues, ({ type, value }) => {
      const scope = { input: { kind: "record", fields: [{ name: "v", type }] } as ValueType, steps: {} };
      const expected = canonical(type, value);
      for (const text of ["input.v", "[input.v][0]"]) {
        const compiled = compileExpression(text, scope);
        // What is read of a declared type may feed that type again.
        expect(checkAssignable(compiled.type, type)).toBeUndefined();
        const read = evaluateAs(compiled, { input: { v: value } }, type);
        expect(canonical(type, read)).toEqual(expected);
      }
    }),
    { numRuns: 100 },
  );
});

test("an expression's value takes the exact shape of a declared type of each kind", () => {
  const value = (text: string, type: string) =>
    evaluateAs(compileExpression(text, witScope), witActivation, parseValueType(type));
  expect(value("[dyn(input.pair[0]), dyn(input.color)]", "tuple<u32, enum{red, light-blue}>")).toEqual([
    7,
    "light-blue",
  ]);
  expect(value("input.perms", "flags{read, write, light-blue, exec}")).toEqual({
    read: true,
    write: false,
    "light-blue": false,
    exec: false,
  });
  expect(value("{'write': true}", "flags{read, write}")).toEqual({ read: false, write: true });
  expect(value("{'tag': dyn('ok'), 'val': dyn(input.pair[0] + 1)}", "result<u32, string>")).toEqual({
    tag: "ok",
    val: 8,
  });
  expect(value("{'tag': 'none'}", "variant{some(s32), none}")).toEqual({ tag: "none" });
  expect(value("{'tag': 'some'}", "variant{some(option<s32>), none}")).toEqual({ tag: "some", val: null });
  expect(value("input.outcome", "result<s64, string>")).toEqual({ tag: "err", val: "bad" });
  expect(value("input.pair[1].substring(0, 1)", "char")).toBe("s");
});

test("a bare path through flags and variants is read without the library, with its declared type", () => {
  for (const [path, type] of [
    ["input.perms.read", { kind: "bool" }],
    ["input.perms['light-blue']", { kind: "bool" }],
    ["input.boxed.val.side", { kind: "f64" }],
    ["steps.paint.output.color", { kind: "enum", cases: ["red", "light-blue"] }],
  ] as const) {
    const compiled = compileExpression(path, witScope);
    expect(compiled.type).toEqual(type);
    expect("reader" in internalsOf(compiled)).toBe(true);
  }
  // A variant's `val` whose cases carry different types is the library's to read.
  expect("reader" in internalsOf(compileExpression("input.shape.val", witScope))).toBe(false);
  const error = (() => {
    try {
      evaluate(compileExpression("input.boxed.val.side", witScope), { input: { ...witInput, boxed: { tag: "none" } } });
    } catch (caught) {
      return caught as ExpressionError;
    }
    throw new Error("it evaluated");
  })();
  expect(error.message).toBe('evaluation failed for "input.boxed.val.side" at position 12: No such key: val');
});
