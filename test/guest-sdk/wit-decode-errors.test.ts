import { beforeAll, expect, test } from "vitest";
import { str } from "./roundtrip-module.js";
import { callSdk, packr } from "./sdk-host.js";
import { wireInput, witTypesModule } from "./wit-types-module.js";

let module: WebAssembly.Module;

beforeAll(async () => {
  module = await witTypesModule();
});

// Each case replaces one field of a valid input with MessagePack that breaks the wire form.
test.each<[string, string, unknown, string]>([
  ["an enum index past the cases", "color", 3, "input.color: expected enum, got case index 3 (the type has 3)"],
  ["a negative enum index", "color", -1, "input.color: expected enum, got case index -1 (the type has 3)"],
  ["an enum as its name", "color", "red", "input.color: expected enum, got string"],
  ["a flag bit past the flags", "perms", 0b1000, "input.perms: expected flags, got int 8 (bits past the 3 flags)"],
  ["negative flags", "perms", -1, "input.perms: expected flags, got int -1 (out of range)"],
  [
    "32 flags with bit 32 set",
    "all",
    2n ** 32n,
    "input.all: expected flags, got int 4294967296 (bits past the 32 flags)",
  ],
  ["flags as an object", "perms", { read: true }, "input.perms: expected flags, got map"],
  [
    "a char that is a surrogate",
    "letter",
    0xd800,
    "input.letter: expected char, got int 55296 (not a Unicode scalar value)",
  ],
  [
    "a char past U+10FFFF",
    "letter",
    0x110000,
    "input.letter: expected char, got int 1114112 (not a Unicode scalar value)",
  ],
  ["a negative char", "letter", -65, "input.letter: expected char, got int -65 (not a Unicode scalar value)"],
  ["a char as a string", "letter", "a", "input.letter: expected char, got string"],
  ["an invalid char inside an option", "maybeChar", 0xdfff, "input.maybeChar: expected char, got int 57343"],
  ["an invalid char inside a tuple", "wide", [0, 0, 0xdc00, true], "input.wide[2]: expected char, got int 56320"],
  ["a tuple one item short", "pair", [1], "input.pair: expected tuple of 2 items, got an array of 1 item"],
  ["a tuple one item long", "pair", [1, "a", 2], "input.pair: expected tuple of 2 items, got an array of 3 items"],
  ["a tuple item of the wrong type", "pair", [1, 2], "input.pair[1]: expected string, got int"],
  ["a tuple as a map", "pair", { 0: 1, 1: "a" }, "input.pair: expected tuple of 2 items, got map"],
  ["a variant index past the cases", "shape", [5], "input.shape: expected variant, got case index 5 (the type has 5)"],
  ["a variant index as the case's name", "shape", ["circle", 1], "input.shape: expected variant, got string"],
  [
    "an empty array for a variant",
    "shape",
    [],
    "input.shape: expected variant as [case] or [case, payload], got an array of 0 items",
  ],
  [
    "a variant of three items",
    "shape",
    [0, 1, 2],
    "input.shape: expected variant as [case] or [case, payload], got an array of 3 items",
  ],
  ["a variant in the host's object form", "shape", { tag: "circle", val: 1 }, "input.shape: expected variant, got map"],
  ["a payload on a case without one", "shape", [2, null], 'input.shape.val: case "point" carries no payload'],
  ["no payload on a case with one", "shape", [0], 'input.shape.val: missing payload of case "circle"'],
  ["a wrong payload, named by .val", "shape", [1, { side: "x" }], "input.shape.val.side: expected f64, got string"],
  ["a missing field of a payload", "shape", [1, {}], "input.shape.val.side: missing required field"],
  ["a result index past err", "outcome", [2, 1], "input.outcome: expected result, got case index 2 (the type has 2)"],
  ["ok without its payload", "outcome", [0], 'input.outcome.val: missing payload of case "ok"'],
  ["err of the wrong type", "outcome", [1, 5], "input.outcome.val: expected string, got int"],
  ["a payload on a result without types", "done", [1, null], 'input.done.val: case "err" carries no payload'],
  ["a payload on the ok of result<_, E>", "failure", [0, "x"], 'input.failure.val: case "ok" carries no payload'],
  ["a result as a string", "outcome", "ok", "input.outcome: expected result, got string"],
  ["a u64 ok below zero", "total", [0, -1], "input.total.val: expected u64, got int -1 (out of range)"],
  [
    "a wrong value deep in nested variants",
    "nested",
    [1, [0, [0x41, 5]]],
    "input.nested.val.val[1]: expected string, got int",
  ],
  [
    "a variant in a list",
    "many",
    [
      [0, 1],
      [1, 2],
    ],
    'input.many[1].val: case "b" carries no payload',
  ],
  [
    "an enum payload out of range",
    "keywords",
    [4, 3],
    "input.keywords.val: expected enum, got case index 3 (the type has 3)",
  ],
])("%s fails the call with the path of the value", (_, field, value, message) => {
  const result = callSdk(module, "run", packr.pack({ ...wireInput, [field]: value }));
  expect(result.status).toBe("failed");
  if (result.status === "failed") expect(result.message).toContain(message);
});

test("a variant header claiming more items than bytes remain fails before reading them", () => {
  // A map of one field, shape, holding an array32 header of 2^31 items and nothing after it.
  const input = Uint8Array.from([0x81, ...str("shape"), 0xdd, 0x80, 0, 0, 0]);
  expect(callSdk(module, "run", input)).toMatchObject({
    status: "failed",
    message: "input.shape: length 2147483648 is longer than the rest of the input",
  });
});
