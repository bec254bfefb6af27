import type { ExpressionScope } from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

/** The scope of the `report` step of the example flow, plus an onError handler's view of `report`. */
export const triageScope: ExpressionScope = {
  input: parseValueType({ text: "string" }),
  steps: {
    count: { output: parseValueType({ words: "s32", vowels: "s32" }) },
    score: { output: parseValueType({ score: "f64", label: "string" }) },
    report: { error: true },
  },
};

export const triageActivation = {
  input: { text: "Hello wide world" },
  steps: {
    count: { output: { words: 3, vowels: 4 } },
    score: { output: { score: 0.8, label: "great" } },
    report: { error: { code: "TRAP", message: "unreachable executed" } },
  },
};

/** A scope whose input declares one field of every value type. */
export const allTypesScope: ExpressionScope = {
  input: parseValueType({
    flag: "bool",
    small: "s32",
    unsigned: "u32",
    big: "s64",
    huge: "u64",
    single: "f32",
    double: "f64",
    text: "string",
    blob: "bytes",
    tags: "list<string>",
    maybe: "option<s32>",
    nested: { inner: "list<record{id: u64}>" },
  }),
  steps: {},
};
