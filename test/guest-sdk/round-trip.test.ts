import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { canonical, valuesOf } from "../helpers/value-generators.js";
import { minimalInput, roundTripModule } from "./roundtrip-module.js";
import { roundTrip } from "./sdk-host.js";
import { fixtureInputType } from "./typed-values.js";

const type = fixtureInputType("roundtrip");
let module: WebAssembly.Module;

beforeAll(async () => {
  module = await roundTripModule();
});

function expectRoundTrip(value: unknown): void {
  expect(canonical(type, roundTrip(module, "run", value), { zero: true })).toEqual(
    canonical(type, value, { zero: true }),
  );
}

const base = minimalInput;

describe("a task returning its input gives back what the host sent", () => {
  test.each([
    ["empty strings, empty lists and absent options", base],
    [
      "options present but null",
      { ...base, limit: null, note: null, meta: null, nested: { inner: { deep: null, flags: [] } } },
    ],
    [
      "integer extremes",
      { ...base, small: -(2 ** 31), count: 2 ** 32 - 1, big: -(2n ** 63n), huge: 2n ** 64n - 1n, limit: 2 ** 32 - 1 },
    ],
    [
      "64-bit values sent as small numbers",
      { ...base, big: -5, huge: 7, meta: { source: "s", version: 3, labels: [] } },
    ],
    ["float specials", { ...base, ratio: Number.NaN, precise: Number.NEGATIVE_INFINITY }],
    ["float extremes", { ...base, ratio: 3.4028234663852886e38, precise: Number.MIN_VALUE }],
    ["whole-number floats, which the encoder writes as integers", { ...base, ratio: 16777216, precise: 2 ** 40 }],
    [
      "unicode and emoji",
      { ...base, name: "👩‍👩‍👧‍👦 日本語 é", tags: ["🎉", "", "\u0000"], note: "ünïcödé", static: true },
    ],
    [
      "everything filled",
      {
        ...base,
        flag: true,
        data: new Uint8Array([0, 1, 255]),
        items: [
          { id: 1, label: "one", weight: 0.5 },
          { id: 2, label: "", weight: -1e300 },
        ],
        limit: 0,
        note: "",
        meta: { source: "sensor", version: -(2n ** 40n), labels: ["a", "b"] },
        matrix: [[], [1, -1], [2 ** 31 - 1, -(2 ** 31)]],
        nested: { inner: { deep: 2n ** 64n - 1n, flags: [true, false] } },
        sparse: ["a", null, ""],
        blobs: [new Uint8Array(0), new Uint8Array([9])],
        maybeMaybe: 5,
        optList: [0n, 2n ** 64n - 1n],
        optBytes: new Uint8Array([1]),
        optFloat: 0.25,
        optBool: false,
      },
    ],
    [
      "long strings, bytes and lists (16- and 32-bit headers)",
      {
        ...base,
        name: "x".repeat(70_000),
        data: new Uint8Array(300).fill(7),
        tags: Array.from({ length: 70_000 }, (_, i) => `t${i}`),
      },
    ],
  ])("%s", (_, value) => {
    expectRoundTrip(value);
  });

  test("for generated values of every declared type", () => {
    fc.assert(
      fc.property(valuesOf(type, { numbers64: "int32" }), (value) => {
        expectRoundTrip(value);
      }),
      { numRuns: 200 },
    );
  });
});
