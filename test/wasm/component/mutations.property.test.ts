import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { ModuleParseError } from "../../../runtime/errors/index.js";
import { readComponentTypes } from "../../../runtime/wasm/index.js";
import { componentFixture, componentOfWorld } from "../../helpers/components.js";

type Mutation =
  | { readonly type: "flip"; readonly at: number; readonly bit: number }
  | { readonly type: "replace"; readonly at: number; readonly byte: number }
  | { readonly type: "truncate"; readonly at: number }
  | { readonly type: "insert"; readonly at: number; readonly bytes: readonly number[] }
  | { readonly type: "delete"; readonly at: number; readonly count: number };

// Positions are fractions of the current length, so every mutation lands inside the component.
const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const byte = fc.integer({ min: 0, max: 255 });
// Bytes that matter to LEB128s, options, sorts and type opcodes turn up more often than chance would have it.
const interestingByte = fc.oneof(
  byte,
  fc.constantFrom(0x00, 0x01, 0x02, 0x03, 0x05, 0x40, 0x41, 0x42, 0x7f, 0x80, 0xff),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant("flip" as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ type: fc.constant("replace" as const), at: position, byte: interestingByte }),
  fc.record({ type: fc.constant("truncate" as const), at: position }),
  fc.record({ type: fc.constant("insert" as const), at: position, bytes: fc.array(interestingByte, { maxLength: 8 }) }),
  fc.record({ type: fc.constant("delete" as const), at: position, count: fc.integer({ min: 1, max: 8 }) }),
);

function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = Math.floor(m.at * bytes.length);
  switch (m.type) {
    case "flip": {
      const out = bytes.slice();
      out[at] = (out[at] as number) ^ (1 << m.bit);
      return out;
    }
    case "replace": {
      const out = bytes.slice();
      out[at] = m.byte;
      return out;
    }
    case "truncate":
      return bytes.slice(0, at);
    case "insert":
      return new Uint8Array([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
    case "delete":
      return new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + m.count)]);
  }
}

const mutations = fc.oneof(
  { arbitrary: mutation.map((m) => [m]), weight: 3 },
  { arbitrary: fc.array(mutation, { minLength: 2, maxLength: 6 }), weight: 1 },
);

/** Each input is read or refused with the typed error within this many milliseconds (generous: the machine may be busy). */
const timeLimitMs = 2000;

function readOrRefuse(bytes: Uint8Array): "read" | "refused" {
  const started = performance.now();
  try {
    readComponentTypes(bytes);
    return "read";
  } catch (error) {
    if (!(error instanceof ModuleParseError)) throw error;
    expect(error.code).toBe("MODULE_MALFORMED");
    // Only the reader's own checks refuse: a wrapped exception (its cause) would be a bug of ours.
    expect(error.cause, error.message).toBeUndefined();
    return "refused";
  } finally {
    expect(performance.now() - started).toBeLessThan(timeLimitMs);
  }
}

const wideWit = `package test:wide@0.1.0;

interface host {
  resource blob { size: func() -> u32; }
  get: func(n: u32) -> option<blob>;
}

world wide {
  import host;
  use host.{blob};
  record item { id: u64, tags: list<string>, color: color, maybe: option<option<u32>> }
  enum color { red, light-blue }
  flags perms { read, write }
  variant shape { circle(f64), rect(tuple<f64, f64>), empty }
  export items: func(a: item, b: perms, c: shape) -> result<list<item>, string>;
  export handle: func(b: borrow<blob>) -> u32;
}`;

let originals: Uint8Array[];
beforeAll(async () => {
  originals = [await componentFixture("task"), await componentOfWorld(wideWit, "wide")];
});

test("mutated components are read, or refused with ModuleParseError, in bounded time", () => {
  const seen = { read: 0, refused: 0 };
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1 }), mutations, (which, ms) => {
      const original = originals[which] as Uint8Array;
      const bytes = ms.reduce((current, m) => (current.length === 0 ? current : apply(current, m)), original);
      seen[readOrRefuse(bytes)] += 1;
    }),
    { numRuns: Number(process.env.COMPONENT_FUZZ_RUNS ?? 1500) },
  );
  // Both outcomes occur: the mutations reach past the framing into the types.
  expect(seen.read).toBeGreaterThan(0);
  expect(seen.refused).toBeGreaterThan(0);
});

test("random bytes after a component preamble are refused or read, never anything else", () => {
  const preamble = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
      readOrRefuse(new Uint8Array([...preamble, ...tail]));
    }),
    { numRuns: 2000 },
  );
});
