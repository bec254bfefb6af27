import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { ModuleParseError } from "../../../runtime/errors/index.js";
import { readComponentTypes } from "../../../runtime/wasm/index.js";
import { applyMutations, byteMutations } from "../../helpers/byte-mutations.js";
import { componentFixture, componentOfWorld } from "../../helpers/components.js";

// Bytes that matter to LEB128s, options, sorts and type opcodes turn up more often than chance would have it.
const mutations = byteMutations({
  interesting: [0x00, 0x01, 0x02, 0x03, 0x05, 0x40, 0x41, 0x42, 0x7f, 0x80, 0xff],
  maxAtOnce: 6,
});

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
      const bytes = applyMutations(original, ms);
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
