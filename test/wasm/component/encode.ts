// Writes component binaries byte by byte, for the inputs no tool would produce: counts past the
// bytes, references forward, chains and nesting past the reader's limits.

export type Bytes = readonly number[];

export const preamble: Bytes = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

/** Unsigned LEB128. */
export function u32(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return out;
}

/** Signed LEB128 (a value type's index is an s33). */
export function s33(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...u32(bytes.length), ...bytes];
}

export function vector(items: readonly Bytes[]): number[] {
  return [...u32(items.length), ...items.flat()];
}

export function section(id: number, content: Bytes): number[] {
  return [id, ...u32(content.length), ...content];
}

export function component(...sections: readonly Bytes[]): Uint8Array {
  return new Uint8Array([...preamble, ...sections.flat()]);
}

export const sectionIds = { component: 4, instance: 5, alias: 6, type: 7, canon: 8, import: 10, export: 11 } as const;

export const valueTypes = { u32: 0x79, string: 0x73 } as const;

/** `(type (func (param "p" t)* (result r)?))`. */
export function funcType(params: readonly Bytes[], result?: Bytes): number[] {
  const list = params.map((type, i) => [...name(`p${i}`), ...type]);
  return [0x40, ...vector(list), ...(result === undefined ? [0x01, 0x00] : [0x00, ...result])];
}

/** `(import "n" (func (type i)))`. */
export function importFunc(importName: string, typeIndex: number): number[] {
  return [0x00, ...name(importName), 0x01, ...u32(typeIndex)];
}

/** `(export "n" (type i))`, no type ascribed. */
export function exportType(exportName: string, typeIndex: number): number[] {
  return [0x00, ...name(exportName), 0x03, ...u32(typeIndex), 0x00];
}
