import { headerLength } from "./header.js";
import { encodeULeb } from "./leb128-writer.js";
import { parseModule } from "./parse-module.js";
import { readLimits } from "./read-types.js";
import { Reader } from "./reader.js";
import { concatBytes, encodeSection, sectionId, sectionSpans } from "./section-spans.js";
import type { Limits } from "./types.js";

const memoryKind = 0x02;
const encoder = new TextEncoder();

/** The module and field name an import is made under. */
export interface ImportName {
  readonly module: string;
  readonly name: string;
}

/** A module whose defined memory {@link importDefinedMemory} turned into an import. */
export interface ImportedMemoryModule {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** The memory's limits: what it defined, and what it now imports. */
  readonly limits: Limits;
  /**
   * How far the code moved (the import section grew, the memory section went): an offset into the
   * new bytes' code, minus this, is the same place in the original's.
   */
  readonly codeOffsetShift: number;
}

/**
 * The module with the one memory it defines imported instead, as `as.module` `as.name`, with the
 * same limits byte for byte: the entry is appended to the import section (which is created when
 * there is none) and the memory section is dropped. It is the only memory, so it stays memory 0 —
 * data segments, `memory.*` instructions and a memory export (exporting an import is valid) all
 * still name it — and function indices do not move, as only imported functions shift them. An
 * instance then runs exactly as with its own memory, provided it is given a fresh memory of those
 * limits: zeroed, at its initial size; instantiation applies the data segments as before.
 *
 * @returns undefined when the module does not define exactly one memory and import none, or
 *   already imports something under that name.
 * @throws ModuleParseError when `bytes` is not a module that parses.
 * @example
 * const pooled = importDefinedMemory(bytes, { module: "env", name: "memory" });
 * if (pooled) new WebAssembly.Instance(new WebAssembly.Module(pooled.bytes), { env: { memory } });
 */
export function importDefinedMemory(bytes: Uint8Array, as: ImportName): ImportedMemoryModule | undefined {
  const info = parseModule(bytes);
  if (info.memories.length !== 1) return undefined;
  if (info.imports.some((i) => i.kind === "memory" || (i.module === as.module && i.name === as.name))) {
    return undefined;
  }
  const spans = sectionSpans(bytes);
  const memory = spans.find((s) => s.id === sectionId.memory);
  if (memory === undefined) return undefined;
  const r = new Reader(bytes, memory.content, memory.end);
  r.count("memory", 2);
  const limitsStart = r.pos;
  const limits = readLimits(r, "memory");
  r.expectEnd("the memory section");

  const entry = concatBytes([
    encodeName(as.module),
    encodeName(as.name),
    Uint8Array.of(memoryKind),
    bytes.subarray(limitsStart, memory.end),
  ]);
  const imports = spans.find((s) => s.id === sectionId.import);
  let importSection: Uint8Array;
  if (imports === undefined) {
    importSection = encodeSection(sectionId.import, [encodeULeb(1), entry]);
  } else {
    const ir = new Reader(bytes, imports.content, imports.end);
    const count = ir.count("import", 4);
    importSection = encodeSection(sectionId.import, [
      encodeULeb(count + 1),
      bytes.subarray(ir.pos, imports.end),
      entry,
    ]);
  }

  const parts: Uint8Array[] = [bytes.subarray(0, headerLength)];
  let placed = false;
  for (const span of spans) {
    if (span.id === sectionId.import) {
      parts.push(importSection);
      placed = true;
      continue;
    }
    // Without an import section, the new one goes where it belongs: after the type section.
    if (!placed && span.id !== sectionId.custom && span.id !== sectionId.type) {
      parts.push(importSection);
      placed = true;
    }
    if (span.id !== sectionId.memory) parts.push(bytes.subarray(span.start, span.end));
  }
  const out = concatBytes(parts);
  return { bytes: out, limits, codeOffsetShift: out.length - bytes.length };
}

function encodeName(text: string): Uint8Array {
  const utf8 = encoder.encode(text);
  return concatBytes([encodeULeb(utf8.length), utf8]);
}
