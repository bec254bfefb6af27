import { UsageError } from "../errors/index.js";
import { encodeULeb } from "./leb128-writer.js";
import { readLimits } from "./read-types.js";
import { Reader } from "./reader.js";
import { concatBytes, encodeSection, sectionId, sectionSpans } from "./section-spans.js";

const limitsHasMaximum = 0x01;
/** A 32-bit memory spans at most 4 GiB: 65 536 pages. */
const maxPages32 = 65_536;

/** A memory whose maximum {@link imposeMemoryMaximum} set. */
export interface ImposedMaximum {
  /** Its position among the memories the module defines (imported ones are not counted). */
  readonly defined: number;
  /** The maximum it declared, in pages; undefined when it declared none. */
  readonly declared: number | undefined;
}

export interface MemoryMaximumRewrite {
  /** The rewritten module; the input itself when no maximum needed imposing. */
  readonly bytes: Uint8Array;
  /** Every memory whose maximum was set, in order; empty when none was. */
  readonly imposed: readonly ImposedMaximum[];
}

/**
 * Brings the maximum of every memory the module defines down to `maxPages`: a memory that declares
 * no maximum gets one, a larger maximum is lowered, one within it is left alone. Only the limits of
 * those entries and the memory section's size are rewritten — the flags byte gains its "has a
 * maximum" bit, the initial size is copied as written, the maximum is encoded anew — and every
 * other byte is copied as it was, so a module that validated still does. Imported memories are not
 * touched: their limits bind whoever provides them.
 *
 * Bytes after the memory section (the code among them) move by the change in its size, so a source
 * map made for the original module is that many bytes off.
 *
 * @throws ModuleParseError when `bytes` is not a core module or its memory section does not parse.
 * @throws UsageError when `maxPages` is not a non-negative integer, or a memory that needs a new
 *   maximum starts above `maxPages` or is 32-bit while `maxPages` is over 65 536.
 * @example
 * const { bytes: bounded, imposed } = imposeMemoryMaximum(bytes, 16);
 * // imposed: [{ defined: 0, declared: undefined }] for a module declaring `(memory 1)`
 */
export function imposeMemoryMaximum(bytes: Uint8Array, maxPages: number): MemoryMaximumRewrite {
  if (!Number.isSafeInteger(maxPages) || maxPages < 0) {
    throw new UsageError("maxPages must be a non-negative integer");
  }
  const memory = sectionSpans(bytes).find((s) => s.id === sectionId.memory);
  if (memory === undefined) return { bytes, imposed: [] };
  const r = new Reader(bytes, memory.content, memory.end);
  const count = r.count("memory", 2);
  const content: Uint8Array[] = [];
  const imposed: ImposedMaximum[] = [];
  let copiedUpTo = memory.content;
  for (let i = 0; i < count; i++) {
    const start = r.pos;
    const limits = readLimits(r, "memory");
    if (limits.maximum !== undefined && limits.maximum <= maxPages) continue;
    if (limits.initial > maxPages) {
      throw new UsageError(`memory ${i} starts at ${limits.initial} pages, above the maximum of ${maxPages} to impose`);
    }
    if (!limits.index64 && maxPages > maxPages32) {
      throw new UsageError(`a 32-bit memory cannot have a maximum of ${maxPages} pages (at most ${maxPages32})`);
    }
    // Where the initial size's encoding ends: it is copied as written, even padded.
    const initial = new Reader(bytes, start + 1, r.pos);
    if (limits.index64) initial.u64("memory initial size");
    else initial.u32("memory initial size");
    content.push(
      bytes.subarray(copiedUpTo, start),
      Uint8Array.of((bytes[start] as number) | limitsHasMaximum),
      bytes.subarray(start + 1, initial.pos),
      encodeULeb(maxPages),
    );
    copiedUpTo = r.pos;
    imposed.push({ defined: i, declared: limits.maximum });
  }
  r.expectEnd("the memory section");
  if (imposed.length === 0) return { bytes, imposed };
  content.push(bytes.subarray(copiedUpTo, memory.end));
  const section = encodeSection(sectionId.memory, content);
  return { bytes: concatBytes([bytes.subarray(0, memory.start), section, bytes.subarray(memory.end)]), imposed };
}
