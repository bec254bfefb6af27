import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { compileValueCodec, parseValueType } from "../../../runtime/values/index.js";
import { fixtureModule } from "../../build/fixture-modules.js";
import { callSdk } from "../../guest-sdk/sdk-host.js";
import { canonical, valuesOf } from "../../helpers/value-generators.js";

// The `roundtrip` fixture returns its input: one record holding every value type, through the generated guest codecs.
const definition = JSON.parse(
  readFileSync(new URL("../../fixtures/as/roundtrip/roundtrip.task.json", import.meta.url), "utf8"),
);
const codec = compileValueCodec(parseValueType(definition.input), parseValueType(definition.output));
const limit = 1 << 24;
let module: WebAssembly.Module;

beforeAll(async () => {
  module = await fixtureModule("roundtrip");
});

function callGuest(input: Uint8Array): Uint8Array {
  const result = callSdk(module, "run", input);
  if (result.status !== "ok") throw new Error(`the guest refused our input: ${JSON.stringify(result)}`);
  return result.output;
}

test("the guest SDK reads our encoding and we read the guest's, for generated values of every type", () => {
  fc.assert(
    fc.property(valuesOf(codec.inputType), (value) => {
      const output = codec.decodeOutput(callGuest(codec.encodeInput(value, limit)), limit);
      expect(canonical(codec.outputType, output)).toEqual(canonical(codec.inputType, value));
    }),
    { numRuns: 300 },
  );
});

test("64-bit extremes and long strings survive the trip through the guest", () => {
  const value = fc.sample(valuesOf(codec.inputType), { numRuns: 1, seed: 7 })[0] as Record<string, unknown>;
  const extreme = {
    ...value,
    big: -(2n ** 63n),
    huge: 2n ** 64n - 1n,
    name: "€".repeat(70_000),
    optList: [2n ** 53n, 0],
  };
  const output = codec.decodeOutput(callGuest(codec.encodeInput(extreme, limit)), limit) as Record<string, unknown>;
  expect(output.big).toBe(-(2n ** 63n));
  expect(output.huge).toBe(2n ** 64n - 1n);
  expect(output.name).toBe("€".repeat(70_000));
  expect(output.optList).toEqual([2n ** 53n, 0]);
});
