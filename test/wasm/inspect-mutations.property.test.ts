import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { ModuleParseError } from "../../runtime/errors/index.js";
import { inspectModule } from "../../runtime/wasm/index.js";
import { parseModule } from "../../runtime/wasm/parse-module.js";
import { applyMutations, byteMutations } from "../helpers/byte-mutations.js";
import { engineModule, engineValidates } from "./engine.js";
import { watFixture } from "./fixtures.js";

// Bytes that matter to LEB128s and section framing turn up more often than chance would have it.
const interesting = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x0b, 0x60, 0x41];
const interestingByte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...interesting));
const mutations = byteMutations({ interesting, maxAtOnce: 4 });

const mutated = (original: () => Uint8Array): fc.Arbitrary<Uint8Array> =>
  mutations.map((ms) => applyMutations(original(), ms));

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
