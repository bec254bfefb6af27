import { describe, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { checkValue, compileValueCodec, parseValueType } from "../../../runtime/values/index.js";

// Every way an input of a WIT kind (tuple, enum, variant, result, flags, char) can be wrong,
// reported with its path and stable code, the same from encodeInput and checkValue.

const limit = 1 << 20;
const type = parseValueType({
  pair: "tuple<s32, string>",
  color: "enum{red, light-blue}",
  shape: "variant{circle(f64), square(record{side: f64}), none, maybe(option<u32>)}",
  outcome: "result<u64, string>",
  perms: "flags{read, write, exec}",
  initial: "char",
  big: "tuple<u64, variant{n(u64)}>",
});
const codec = compileValueCodec(type);
const valid = {
  pair: [1, "a"],
  color: "red",
  shape: { tag: "none" },
  outcome: { tag: "ok", val: 1 },
  perms: {},
  initial: "x",
  big: [1, { tag: "n", val: 2 }],
};

function issuesOf(value: unknown): readonly { code: string; path: string; actual?: string; suggestions?: unknown }[] {
  try {
    codec.encodeInput(value, limit);
  } catch (error) {
    expect(error).toBeInstanceOf(TaskRunError);
    expect((error as TaskRunError).code).toBe("INPUT_INVALID");
    const { issues } = error as TaskRunError;
    expect(checkValue(type, value)).toEqual(issues);
    return issues;
  }
  throw new Error("encodeInput accepted an invalid value");
}

describe("inputs of the WIT kinds are checked, every problem with its path and code", () => {
  test.each<[string, Record<string, unknown>, string, string, string]>([
    ["a string for a tuple", { pair: "x" }, "input.pair", "WRONG_TYPE", "string"],
    ["a tuple one item short", { pair: [1] }, "input.pair", "OUT_OF_RANGE", "an array of 1 item"],
    ["a tuple one item long", { pair: [1, "a", 2] }, "input.pair", "OUT_OF_RANGE", "an array of 3 items"],
    ["a bad tuple item", { pair: ["a", "a"] }, "input.pair[0]", "WRONG_TYPE", "string"],
    ["a number for an enum", { color: 0 }, "input.color", "WRONG_TYPE", "number 0"],
    ["an undeclared enum case", { color: "blue" }, "input.color", "UNKNOWN_CASE", '"blue"'],
    ["an inherited name for an enum case", { color: "constructor" }, "input.color", "UNKNOWN_CASE", '"constructor"'],
    ["a string for a variant", { shape: "none" }, "input.shape", "WRONG_TYPE", "string"],
    ["a Map for a variant", { shape: new Map([["tag", "none"]]) }, "input.shape", "WRONG_TYPE", "Map"],
    ["a variant without tag", { shape: { val: 1 } }, "input.shape.tag", "MISSING_FIELD", "nothing"],
    ["a tag that is not a string", { shape: { tag: 1 } }, "input.shape.tag", "WRONG_TYPE", "number 1"],
    ["an undeclared tag", { shape: { tag: "triangle" } }, "input.shape.tag", "UNKNOWN_CASE", '"triangle"'],
    ["an inherited name as a tag", { shape: { tag: "toString" } }, "input.shape.tag", "UNKNOWN_CASE", '"toString"'],
    ["a missing payload", { shape: { tag: "circle" } }, "input.shape.val", "MISSING_FIELD", "nothing"],
    [
      "a payload on a case without one",
      { shape: { tag: "none", val: 1 } },
      "input.shape.val",
      "UNKNOWN_FIELD",
      "a value",
    ],
    ["a key besides tag and val", { shape: { tag: "none", kind: 1 } }, "input.shape.kind", "UNKNOWN_FIELD", "a value"],
    ["a bad payload", { shape: { tag: "circle", val: "1" } }, "input.shape.val", "WRONG_TYPE", "string"],
    [
      "a bad field inside a payload",
      { shape: { tag: "square", val: { side: true } } },
      "input.shape.val.side",
      "WRONG_TYPE",
      "boolean",
    ],
    [
      "a missing field inside a payload",
      { shape: { tag: "square", val: {} } },
      "input.shape.val.side",
      "MISSING_FIELD",
      "nothing",
    ],
    [
      "a bad option payload",
      { shape: { tag: "maybe", val: -1 } },
      "input.shape.val",
      "OUT_OF_RANGE",
      "-1 (out of range)",
    ],
    ["a result tag neither ok nor err", { outcome: { tag: "fine" } }, "input.outcome.tag", "UNKNOWN_CASE", '"fine"'],
    ["an err without its payload", { outcome: { tag: "err" } }, "input.outcome.val", "MISSING_FIELD", "nothing"],
    [
      "a negative u64 in ok",
      { outcome: { tag: "ok", val: -1n } },
      "input.outcome.val",
      "OUT_OF_RANGE",
      "-1 (out of range)",
    ],
    ["an array for flags", { perms: [] }, "input.perms", "WRONG_TYPE", "array"],
    ["a flag that is not a bool", { perms: { read: 1 } }, "input.perms.read", "WRONG_TYPE", "number 1"],
    ["an undeclared flag", { perms: { delete: true } }, "input.perms.delete", "UNKNOWN_FIELD", "a value"],
    ["a number for a char", { initial: 97 }, "input.initial", "WRONG_TYPE", "number 97"],
    ["an empty string for a char", { initial: "" }, "input.initial", "OUT_OF_RANGE", "an empty string"],
    ["two characters for a char", { initial: "ab" }, "input.initial", "OUT_OF_RANGE", "a string of 2 characters"],
    [
      "two astral characters for a char",
      { initial: "😀😀" },
      "input.initial",
      "OUT_OF_RANGE",
      "a string of 2 characters",
    ],
    [
      "a lone surrogate for a char",
      { initial: "\uD800" },
      "input.initial",
      "INVALID_STRING",
      "a string with a lone surrogate at index 0, which UTF-8 cannot carry",
    ],
    [
      "surrogates in the wrong order for a char",
      { initial: "\uDC00\uD800" },
      "input.initial",
      "INVALID_STRING",
      "a string with a lone surrogate at index 0, which UTF-8 cannot carry",
    ],
    [
      "a u64 past 2^64-1 in a tuple",
      { big: [2n ** 64n, { tag: "n", val: 1 }] },
      "input.big[0]",
      "OUT_OF_RANGE",
      "18446744073709551616 (out of range)",
    ],
    [
      "an unsafe number in a variant in a tuple",
      { big: [1, { tag: "n", val: 2 ** 60 }] },
      "input.big[1].val",
      "NOT_SAFE_INTEGER",
      "1152921504606847000, past Number.MAX_SAFE_INTEGER (pass a BigInt)",
    ],
  ])("%s", (_, change, path, code, actual) => {
    const issues = issuesOf({ ...valid, ...change });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path, code, actual });
  });

  test('a JSON-parsed "__proto__" key among flags is an undeclared flag, and no prototype changes', () => {
    const perms = JSON.parse(`{"read": true, "__proto__": {"write": true}}`);
    expect(issuesOf({ ...valid, perms })).toEqual([
      expect.objectContaining({ path: "input.perms.__proto__", code: "UNKNOWN_FIELD" }),
    ]);
    expect(({} as Record<string, unknown>).write).toBeUndefined();
  });

  test("a misspelt case is offered the declared one it is closest to", () => {
    const [issue] = issuesOf({ ...valid, color: "light-bleu" });
    expect(issue).toMatchObject({ code: "UNKNOWN_CASE", suggestions: ["light-blue"] });
    expect((issue as { message?: string }).message).toBe('unknown case "light-bleu"; did you mean "light-blue"?');
  });

  test("names a flag or case that is not an identifier by a bracketed path", () => {
    const flags = compileValueCodec(parseValueType("flags{can-read}"));
    expect(() => flags.encodeInput({ "can-read": "yes" }, limit)).toThrow(
      'input["can-read"]: expected bool, got string',
    );
  });

  test("every problem is reported together", () => {
    const value = {
      ...valid,
      pair: [1],
      shape: { tag: "none", val: 1, extra: 2 },
      perms: { read: "y", other: true },
      initial: "",
    };
    expect(issuesOf(value).map((issue) => [issue.path, issue.code])).toEqual([
      ["input.pair", "OUT_OF_RANGE"],
      ["input.shape.extra", "UNKNOWN_FIELD"],
      ["input.shape.val", "UNKNOWN_FIELD"],
      ["input.perms.other", "UNKNOWN_FIELD"],
      ["input.perms.read", "WRONG_TYPE"],
      ["input.initial", "OUT_OF_RANGE"],
    ]);
  });

  test.each<[string, Record<string, unknown>]>([
    ["val: undefined on a case without payload", { shape: { tag: "none", val: undefined } }],
    ["an option payload left out", { shape: { tag: "maybe" } }],
    ["an option payload as null", { shape: { tag: "maybe", val: null } }],
    ["an option payload as undefined", { shape: { tag: "maybe", val: undefined } }],
    ["no flags at all", { perms: {} }],
    ["a flag set to undefined", { perms: { read: undefined, write: true } }],
    ["every flag", { perms: { read: true, write: false, exec: true } }],
    ["an astral char", { initial: "😀" }],
    ["a u64 past 2^53 inside a tuple", { big: [2n ** 64n - 1n, { tag: "n", val: 2n ** 63n }] }],
  ])("%s is accepted", (_, change) => {
    expect(codec.encodeInput({ ...valid, ...change }, limit)).toBeInstanceOf(Uint8Array);
    expect(checkValue(type, { ...valid, ...change })).toEqual([]);
  });
});
