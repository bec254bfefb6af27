import { beforeAll, expect, test } from "vitest";
import { fixtureModule } from "../build/fixture-modules.js";
import { callSdk, packr, roundTrip } from "./sdk-host.js";

let module: WebAssembly.Module;

// The `scalars` fixture takes list<record{a: s32, b: option<u32>}> and returns option<u64>.
beforeAll(async () => {
  module = await fixtureModule("scalars");
});

test.each<[string, unknown, unknown]>([
  ["an empty list gives none", [], null],
  ["records sum into some", [{ a: 1, b: 2 }, { a: 3 }, { a: 4, b: null }], 10],
  ["the total may exceed 2^32", [{ a: 2 ** 31 - 1, b: 2 ** 32 - 1 }], 2n ** 31n - 1n + 2n ** 32n - 1n],
])("a task whose input is a list and output an option: %s", (_, input, output) => {
  expect(roundTrip(module, "run", input)).toEqual(output);
});

test("an element of a top-level list is named by its index", () => {
  const result = callSdk(module, "run", packr.pack([{ a: 1 }, { b: 1 }]));
  expect(result).toMatchObject({ status: "failed", message: "input[1].a: missing required field" });
});
