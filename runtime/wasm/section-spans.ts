import { ModuleParseError } from "../errors/index.js";
import { headerLength, headerProblem } from "./header.js";
import { uLebLength, writeULeb } from "./leb128-writer.js";
import { Reader } from "./reader.js";

/** Section ids a rewrite of the module's bytes needs by name. */
export const sectionId = { custom: 0, type: 1, import: 2, memory: 5 } as const;

/** Where one section lies in a module's bytes. */
export interface SectionSpan {
  readonly id: number;
  /** Offset of the section's id byte. */
  readonly start: number;
  /** Offset of its content, after the id and the size. */
  readonly content: number;
  /** Offset just past its content. */
  readonly end: number;
}

/**
 * Every section of a module, in order, framed but not decoded: what a rewrite that replaces one
 * section and copies the others needs.
 * @throws ModuleParseError when `bytes` is not a core module or a section runs past its end.
 */
export function sectionSpans(bytes: Uint8Array): SectionSpan[] {
  const problem = headerProblem(bytes);
  if (problem !== undefined) throw new ModuleParseError(problem, { offset: 0, size: bytes.length });
  const spans: SectionSpan[] = [];
  const r = new Reader(bytes, headerLength);
  while (r.pos < bytes.length) {
    const start = r.pos;
    const id = r.u8("section id");
    const size = r.u32("section size");
    if (size > r.remaining) r.fail(`truncated: a section declares ${size} bytes but only ${r.remaining} remain`, start);
    spans.push({ id, start, content: r.pos, end: r.pos + size });
    r.pos += size;
  }
  return spans;
}

/** A section of id `id` holding `parts` back to back, framed with its size. */
export function encodeSection(id: number, parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(1 + uLebLength(size) + size);
  out[0] = id;
  let pos = writeULeb(out, 1, size);
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}

/** Parts joined into one module's bytes. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}
