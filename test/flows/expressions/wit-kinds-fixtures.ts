import type { Activation, ExpressionScope } from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

/** A scope whose flow input and one step's output declare WIT's kinds: tuple, enum, variant, result, flags, char. */
export const witScope: ExpressionScope = {
  input: parseValueType({
    initial: "char",
    pair: "tuple<s32, string>",
    wide: "tuple<s32, s64>",
    color: "enum{red, light-blue}",
    perms: "flags{read, write, light-blue}",
    shape: "variant{circle(f64), square(record{side: f64}), none}",
    boxed: "variant{some(record{side: f64}), none}",
    maybe: "variant{given(option<s32>), skipped}",
    outcome: "result<s32, string>",
    bare: "result",
  }),
  steps: {
    paint: { output: parseValueType({ color: "enum{red, light-blue}", mix: "list<enum{red, light-blue}>" }) },
  },
};

export const witInput = {
  initial: "é",
  pair: [7, "seven"],
  wide: [1, 2n ** 60n],
  color: "light-blue",
  perms: { read: true },
  shape: { tag: "square", val: { side: 2 } },
  boxed: { tag: "some", val: { side: 3 } },
  maybe: { tag: "given", val: null },
  outcome: { tag: "err", val: "bad" },
  bare: { tag: "ok" },
};

export const witActivation: Activation = {
  input: witInput,
  steps: { paint: { output: { color: "red", mix: ["red", "light-blue"] } } },
};
