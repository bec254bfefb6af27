import fc from "fast-check";
import { expect, test } from "vitest";
import { UsageError } from "../../runtime/errors/index.js";
import {
  appendCustomSection,
  importDefinedMemory,
  imposeMemoryMaximum,
  inspectModule,
  type Limits,
  type ModuleInfo,
} from "../../runtime/wasm/index.js";
import { wat } from "../helpers/wat.js";
import { engineValidates } from "./engine.js";

// Random valid modules — a memory defined, imported or absent, with or without a maximum, among
// functions, globals, a table, data segments, exports and custom sections — and what the two
// rewrites of memory limits must do to each: keep it valid and change nothing but those limits.

interface Shape {
  readonly memory:
    | { readonly kind: "none" }
    | { readonly kind: "defined" | "imported"; readonly initial: number; readonly maximum: number | undefined };
  readonly exportMemory: boolean;
  readonly functions: readonly { readonly exported: boolean; readonly grows: boolean }[];
  readonly globals: readonly number[];
  readonly table: boolean;
  readonly data: readonly { readonly offset: number; readonly text: string }[];
  readonly custom: readonly { readonly name: string; readonly size: number }[];
  readonly limit: number;
}

const limits = fc
  .record({ initial: fc.integer({ min: 0, max: 40 }), extra: fc.option(fc.integer({ min: 0, max: 70_000 })) })
  .map(({ initial, extra }) => ({ initial, maximum: extra === null ? undefined : Math.min(initial + extra, 65_536) }));

const shape: fc.Arbitrary<Shape> = fc.record({
  memory: fc.oneof(
    fc.constant({ kind: "none" as const }),
    limits.map((l) => ({ kind: "defined" as const, ...l })),
    limits.map((l) => ({ kind: "defined" as const, ...l })),
    limits.map((l) => ({ kind: "imported" as const, ...l })),
  ),
  exportMemory: fc.boolean(),
  functions: fc.array(fc.record({ exported: fc.boolean(), grows: fc.boolean() }), { maxLength: 5 }),
  globals: fc.array(fc.integer(), { maxLength: 3 }),
  table: fc.boolean(),
  data: fc.array(fc.record({ offset: fc.nat(60_000), text: fc.string({ unit: "grapheme-ascii", maxLength: 12 }) }), {
    maxLength: 3,
  }),
  custom: fc.array(fc.record({ name: fc.string({ maxLength: 8 }), size: fc.nat(300) }), { maxLength: 2 }),
  limit: fc.integer({ min: 0, max: 300 }),
});

function limitsText(l: { initial: number; maximum: number | undefined }): string {
  return l.maximum === undefined ? `${l.initial}` : `${l.initial} ${l.maximum}`;
}

function source(s: Shape): string {
  const hasMemory = s.memory.kind !== "none";
  const lines = ["(module"];
  if (s.memory.kind === "imported") lines.push(`(import "env" "memory" (memory $m ${limitsText(s.memory)}))`);
  lines.push(`(import "host" "f" (func $host (param i32) (result i32)))`);
  if (s.memory.kind === "defined") lines.push(`(memory $m ${limitsText(s.memory)})`);
  if (hasMemory && s.exportMemory) lines.push(`(export "memory" (memory $m))`);
  if (s.table) lines.push("(table 2 4 funcref)");
  s.globals.forEach((value, i) => {
    lines.push(`(global $g${i} (mut i32) (i32.const ${value | 0}))`);
  });
  s.functions.forEach((f, i) => {
    const body = hasMemory && f.grows ? "(memory.grow (i32.const 1))" : `(call $host (i32.const ${i}))`;
    lines.push(`(func $f${i} ${f.exported ? `(export "f${i}")` : ""} (result i32) ${body})`);
  });
  if (hasMemory) {
    for (const d of s.data) lines.push(`(data (i32.const ${d.offset}) ${JSON.stringify(d.text)})`);
  }
  lines.push(")");
  return lines.join("\n");
}

async function build(s: Shape): Promise<Uint8Array> {
  let bytes = await wat(source(s));
  for (const c of s.custom) bytes = appendCustomSection(bytes, c.name, new Uint8Array(c.size).fill(7));
  return bytes;
}

/** The info with every memory's limits set aside: what neither rewrite may change. */
function withoutMemories(info: ModuleInfo) {
  return {
    ...info,
    size: 0,
    memories: [],
    imports: info.imports.filter((i) => i.kind !== "memory"),
    exports: info.exports.map((e) => (e.kind === "memory" ? { ...e, type: null } : e)),
  };
}

const expectedMemory = (declared: Limits, limit: number): Limits =>
  declared.maximum !== undefined && declared.maximum <= limit ? declared : { ...declared, maximum: limit };

test("imposing a maximum keeps every valid module valid and changes only its own memory's limits", async () => {
  await fc.assert(
    fc.asyncProperty(shape, async (s) => {
      const original = await build(s);
      expect(engineValidates(original)).toBe(true);
      const before = inspectModule(original);
      if (s.memory.kind === "defined" && s.memory.initial > s.limit) {
        expect(() => imposeMemoryMaximum(original, s.limit)).toThrow(UsageError);
        return;
      }
      const { bytes, imposed } = imposeMemoryMaximum(original, s.limit);
      expect(engineValidates(bytes)).toBe(true);
      const after = inspectModule(bytes);
      expect(withoutMemories(after)).toEqual(withoutMemories(before));
      if (s.memory.kind !== "defined") {
        expect(bytes).toBe(original);
        expect(after.memories).toEqual(before.memories);
        return;
      }
      const declared = before.memories[0] as Limits;
      expect(after.memories).toEqual([expectedMemory(declared, s.limit)]);
      const changed = declared.maximum === undefined || declared.maximum > s.limit;
      expect(imposed).toEqual(changed ? [{ defined: 0, declared: declared.maximum }] : []);
      if (!changed) expect(bytes).toBe(original);
      // Everything outside the memory section is the same bytes: a common prefix up to it, and a
      // common suffix after it.
      let prefix = 0;
      while (prefix < bytes.length && bytes[prefix] === original[prefix]) prefix++;
      let suffix = 0;
      while (
        suffix < bytes.length - prefix &&
        bytes[bytes.length - 1 - suffix] === original[original.length - 1 - suffix]
      ) {
        suffix++;
      }
      // The differing span is the memory section: at most its id, size and one entry (≤ 1 + 5 + 1 + 11 bytes).
      expect(bytes.length - prefix - suffix).toBeLessThanOrEqual(18);
    }),
    { numRuns: 150 },
  );
});

test("importing a defined memory keeps every valid module valid and adds only that import", async () => {
  await fc.assert(
    fc.asyncProperty(shape, async (s) => {
      const original = await build(s);
      const before = inspectModule(original);
      const imported = importDefinedMemory(original, { module: "env", name: "memory" });
      if (s.memory.kind !== "defined") {
        expect(imported).toBeUndefined();
        return;
      }
      if (imported === undefined) throw new Error("a defined memory was not imported");
      expect(engineValidates(imported.bytes)).toBe(true);
      const after = inspectModule(imported.bytes);
      expect(after.memories).toEqual(before.memories);
      expect(after.imports).toEqual([
        ...before.imports,
        { module: "env", name: "memory", kind: "memory", type: before.memories[0] },
      ]);
      expect({ ...after, size: 0, imports: [] }).toEqual({ ...before, size: 0, imports: [] });
      expect(imported.bytes.length - original.length).toBe(imported.codeOffsetShift);
    }),
    { numRuns: 150 },
  );
});
