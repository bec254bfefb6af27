import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { ModuleParseError } from "../../runtime/errors/index.js";
import { inspectModule } from "../../runtime/wasm/index.js";
import { parseModule } from "../../runtime/wasm/parse-module.js";
import { engineModule, engineValidates } from "./engine.js";
import { watFixture } from "./fixtures.js";

type Mutation =
  | { readonly type: "flip"; readonly at: number; readonly bit: number }
  | { readonly type: "replace"; readonly at: number; readonly byte: number }
  | { readonly type: "truncate"; readonly at: number }
  | { readonly type: "insert"; readonly at: number; readonly bytes: readonly number[] }
  | { readonly type: "delete"; readonly at: number; readonly count: number };

// Positions are fractions of the current length, so every mutation lands inside the module.
const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const byte = fc.integer({ min: 0, max: 255 });
// Bytes that matter to LEB128s and section framing turn up more often than chance would have it.
const interestingByte = fc.oneof(byte, fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0xff, 0x0b, 0x60, 0x41));

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

// Mostly one mutation, which often leaves a valid module to compare; sometimes a few at once.
const mutations = fc.oneof(
  { arbitrary: mutation.map((m) => [m]), weight: 3 },
  { arbitrary: fc.array(mutation, { minLength: 2, maxLength: 4 }), weight: 1 },
);

const mutated = (original: () => Uint8Array): fc.Arbitrary<Uint8Array> =>
  mutations.map((ms) => ms.reduce((bytes, m) => (bytes.length === 0 ? bytes : apply(bytes, m)), original()));

function expectModuleParseError(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ModuleParseError);
    expect((error as ModuleParseError).code).toBe("MODULE_MALFORMED");
    return;
  }
  throw new Error("expected a ModuleParseError");
}

let original: Uint8Array;
beforeAll(async () => {
  original = await watFixture("realistic.wat");
});

test("mutated modules: the engine's verdict, the engine's export and import names, or ModuleParseError", () => {
  let valid = 0;
  fc.assert(
    fc.property(
      mutated(() => original),
      (bytes) => {
        if (!engineValidates(bytes)) {
          expectModuleParseError(() => inspectModule(bytes));
          return;
        }
        valid++;
        const info = inspectModule(bytes);
        const module = engineModule(bytes);
        const kinds = { func: "function", table: "table", memory: "memory", global: "global", tag: "tag" } as const;
        expect(info.exports.map((e) => ({ name: e.name, kind: kinds[e.kind] }))).toEqual(
          WebAssembly.Module.exports(module),
        );
        expect(info.imports.map((i) => ({ module: i.module, name: i.name, kind: kinds[i.kind] }))).toEqual(
          WebAssembly.Module.imports(module),
        );
      },
    ),
    { numRuns: 2000 },
  );
  // Some mutations (in names, constants, function bodies) keep the module valid: those were compared.
  expect(valid).toBeGreaterThan(50);
});

test("mutated modules given to the parser without validation: a ModuleInfo or ModuleParseError, nothing else", () => {
  fc.assert(
    fc.property(
      mutated(() => original),
      (bytes) => {
        try {
          expect(parseModule(bytes).size).toBe(bytes.length);
        } catch (error) {
          expect(error).toBeInstanceOf(ModuleParseError);
        }
      },
    ),
    { numRuns: 5000 },
  );
});

test("random bytes after a module header: a ModuleInfo the engine agrees with, or ModuleParseError", () => {
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  fc.assert(
    fc.property(fc.array(interestingByte, { maxLength: 64 }), (tail) => {
      const bytes = new Uint8Array([...header, ...tail]);
      if (engineValidates(bytes)) expect(inspectModule(bytes).size).toBe(bytes.length);
      else expectModuleParseError(() => inspectModule(bytes));
      try {
        parseModule(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(ModuleParseError);
      }
    }),
    { numRuns: 2000 },
  );
});
