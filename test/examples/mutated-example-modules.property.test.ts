import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ModuleParseError, TaskValidationError } from "../../runtime/errors/index.js";
import { Store } from "../../runtime/store/index.js";
import { findTaskDefinitionFiles, loadTaskDefinition, TaskRegistry } from "../../runtime/tasks/index.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

const mutation = (size: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(size - 1), bit: fc.nat(7) }),
    fc.record({ kind: fc.constant("set" as const), at: fc.nat(size - 1), value: fc.nat(255) }),
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat(size - 1) }),
    fc.record({
      kind: fc.constant("insert" as const),
      at: fc.nat(size - 1),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
  );

type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "set"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: Uint8Array };

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = bytes.slice();
  for (const m of mutations) {
    const at = Math.min(m.at, Math.max(out.length - 1, 0));
    if (m.kind === "flip") out[at] = (out[at] ?? 0) ^ (1 << m.bit);
    else if (m.kind === "set") out[at] = m.value;
    else if (m.kind === "truncate") out = out.slice(0, at);
    else {
      // Not by spreading: the JavaScript component is 12 MB, and a spread array of it takes a second.
      const grown = new Uint8Array(out.length + m.bytes.length);
      grown.set(out.subarray(0, at));
      grown.set(m.bytes, at);
      grown.set(out.subarray(at), at + m.bytes.length);
      out = grown;
    }
  }
  return out;
}

describe("registration of mutated example modules", async () => {
  const loaded = await Promise.all((await findTaskDefinitionFiles(root)).map((file) => loadTaskDefinition(file)));
  test.each(loaded.map((l) => [l.definition.name, l] as const))(
    "%s: only ever accepted or refused with a typed error",
    (_name, l) => {
      const original = new Uint8Array(readFileSync(new URL(l.definition.module, `file://${l.dir}/`)));
      const registry = new TaskRegistry(Store.open({ home: ":memory:" }));
      expect(() => registry.prepare(l.definition, original)).not.toThrow();
      fc.assert(
        fc.property(fc.array(mutation(original.length), { minLength: 1, maxLength: 4 }), (mutations) => {
          const bytes = mutate(original, mutations as Mutation[]);
          try {
            registry.prepare(l.definition, bytes);
          } catch (error) {
            if (error instanceof ModuleParseError || error instanceof TaskValidationError) return;
            throw error;
          }
        }),
        { numRuns: 300 },
      );
    },
  );
});
