import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { fixtureModule } from "../build/fixture-modules.js";
import { callSdk, packr } from "./sdk-host.js";

let module: WebAssembly.Module;

beforeAll(async () => {
  module = await fixtureModule("dynamic");
});

/** Sends a MessagePack document to the `dynamic` fixture, which copies it value by value with Reader and Writer. */
function recode(document: Uint8Array): Uint8Array {
  const result = callSdk(module, "run", packr.pack(document));
  if (result.status !== "ok") throw new Error(`guest ${result.status}: ${JSON.stringify(result)}`);
  return new Uint8Array(packr.unpack(result.output) as Uint8Array);
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("Writer picks the smallest encoding", () => {
  test.each<[string, unknown, string]>([
    ["positive fixint", 5n, "05"],
    ["negative fixint", -1n, "ff"],
    ["int8", -33n, "d0df"],
    ["uint8", 200n, "ccc8"],
    ["int16", -129n, "d1ff7f"],
    ["uint16", 60_000n, "cdea60"],
    ["uint32", 70_000n, "ce00011170"],
    ["int32", -70_000n, "d2fffeee90"],
    ["uint64", 2n ** 40n, "cf0000010000000000"],
    ["int64", -(2n ** 40n), "d3ffffff0000000000"],
    ["fixstr", "a".repeat(31), `bf${"61".repeat(31)}`],
    ["str8", "a".repeat(32), `d920${"61".repeat(32)}`],
    ["str16", "a".repeat(256), `da0100${"61".repeat(256)}`],
    ["bin8", new Uint8Array([1, 2]), "c4020102"],
    ["fixarray", [1, 2], "920102"],
    ["array16", new Array(16).fill(0), `dc0010${"00".repeat(16)}`],
    ["float64", 1.5, "cb3ff8000000000000"],
    ["nil and bools", [null, true, false], "93c0c3c2"],
  ])("%s", (_, value, encoding) => {
    expect(hex(recode(packr.pack(value)))).toBe(encoding);
  });
});

test("Reader and Writer copy any document of supported values", () => {
  const scalar = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.double({ noNaN: true }),
    fc.string({ unit: "grapheme" }),
    fc.uint8Array({ maxLength: 8 }),
  );
  const document = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, scalar, tie("array"), tie("map")),
    array: fc.array(tie("value"), { maxLength: 4 }),
    map: fc.dictionary(
      fc.string({ maxLength: 6 }).filter((k) => k !== "skip" && k !== "__proto__"),
      tie("value"),
      {
        maxKeys: 4,
      },
    ),
  })).value;
  fc.assert(
    fc.property(document, (value) => {
      const copied = packr.unpack(recode(packr.pack(value)));
      expect(normalizeInts(copied)).toEqual(normalizeInts(value));
    }),
    { numRuns: 200 },
  );
});

test("Reader.skip drops a value of any shape", () => {
  const document = packr.pack({ keep: 1, skip: { deep: [[1, "x", new Uint8Array(3)], { a: null }] }, also: "yes" });
  expect(packr.unpack(recode(document))).toEqual({ keep: 1, also: "yes" });
});

test("Reader errors name the path inside the document", () => {
  const result = callSdk(module, "run", packr.pack(packr.pack({ list: [1, 2n ** 64n - 1n] })));
  expect(result).toMatchObject({
    status: "failed",
    message: "document.list[1]: expected s64, got int 18446744073709551615 (out of range)",
  });
});

// The copy reads every integer as s64 and writes the smallest encoding, so 64-bit BigInts
// come back as numbers when they are small; -0 comes back as 0.
function normalizeInts(value: unknown): unknown {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map(normalizeInts);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeInts(v)]));
  }
  return value;
}
