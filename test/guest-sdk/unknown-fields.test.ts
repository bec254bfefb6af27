import { beforeAll, expect, test } from "vitest";
import { minimalInput, roundTripModule, str, withRawEntry } from "./roundtrip-module.js";
import { callSdk, packr } from "./sdk-host.js";

let module: WebAssembly.Module;

beforeAll(async () => {
  module = await roundTripModule();
});

const nestedArrays = (depth: number) => [...new Array<number>(depth).fill(0x91), 0xc0];

test.each<[string, number[]]>([
  ["a scalar", [0x2a]],
  ["a map of arrays", [...packr.pack({ a: [1, "two", 3.5, null, true], b: { c: new Uint8Array([1]) } })]],
  ["an ext value", [0xd6, 0x01, 1, 2, 3, 4]],
  ["an ext8 value", [0xc7, 0x03, 0x05, 1, 2, 3]],
  ["100 000 nested arrays, without exhausting the stack", nestedArrays(100_000)],
])("an unknown field holding %s is skipped", (_, value) => {
  const result = callSdk(module, "run", withRawEntry(str("unknown"), value));
  expect(result.status).toBe("ok");
  if (result.status === "ok") expect(packr.unpack(result.output)).not.toHaveProperty("unknown");
  if (result.status === "ok") expect(packr.unpack(result.output)).toMatchObject({ name: minimalInput.name });
});
