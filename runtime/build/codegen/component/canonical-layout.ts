import { resultCases, type ValueType } from "../../../values/index.js";

/** A core WebAssembly value type: what a component value flattens to. */
export type CoreType = "i32" | "i64" | "f32" | "f64";

/** Where a value of a type sits in linear memory, by the canonical ABI. */
export interface MemoryLayout {
  readonly size: number;
  readonly align: number;
}

/** A variant's (option's, result's) memory layout: its discriminant first, the payload after. */
export interface CasesLayout extends MemoryLayout {
  /** Bytes of the discriminant: 1, 2 or 4 by the number of cases. */
  readonly discriminant: 1 | 2 | 4;
  /** Offset of the payload: the discriminant's size rounded up to the widest payload's alignment. */
  readonly payload: number;
}

/**
 * At most this many flat values pass as parameters; more go in memory behind one pointer. A
 * result of more than one flat value is returned the same way, through a return area.
 */
export const maxFlatParams = 16;
export const maxFlatResults = 1;

/** The payload types of an option's, result's or variant's cases, in case order (undefined: no payload). */
export function casePayloads(type: ValueType): readonly (ValueType | undefined)[] {
  switch (type.kind) {
    case "option":
      return [undefined, type.inner];
    case "result":
      return resultCases(type).map((c) => c.type);
    case "variant":
      return type.cases.map((c) => c.type);
    default:
      return [];
  }
}

/** The types of a record's fields or a tuple's items, in order. */
export function memberTypes(type: ValueType): readonly ValueType[] {
  if (type.kind === "record") return type.fields.map((f) => f.type);
  if (type.kind === "tuple") return type.elements;
  return [];
}

export function discriminantSize(cases: number): 1 | 2 | 4 {
  return cases <= 0x100 ? 1 : cases <= 0x10000 ? 2 : 4;
}

/** Bytes of a flags value: 1, 2 or 4 by the number of flags (at most 32 in our types). */
export function flagsSize(flags: number): 1 | 2 | 4 {
  return flags <= 8 ? 1 : flags <= 16 ? 2 : 4;
}

export function alignTo(offset: number, align: number): number {
  return Math.ceil(offset / align) * align;
}

export function layoutOf(type: ValueType): MemoryLayout {
  switch (type.kind) {
    case "bool":
      return { size: 1, align: 1 };
    case "s32":
    case "u32":
    case "f32":
    case "char":
      return { size: 4, align: 4 };
    case "s64":
    case "u64":
    case "f64":
      return { size: 8, align: 8 };
    case "string":
    case "bytes":
    case "list":
      return { size: 8, align: 4 };
    case "enum": {
      const size = discriminantSize(type.cases.length);
      return { size, align: size };
    }
    case "flags": {
      const size = flagsSize(type.flags.length);
      return { size, align: size };
    }
    case "record":
    case "tuple": {
      let size = 0;
      let align = 1;
      for (const member of memberTypes(type)) {
        const layout = layoutOf(member);
        size = alignTo(size, layout.align) + layout.size;
        align = Math.max(align, layout.align);
      }
      return { size: alignTo(size, align), align };
    }
    case "option":
    case "result":
    case "variant":
      return casesLayout(type);
  }
}

export function casesLayout(type: ValueType): CasesLayout {
  const payloads = casePayloads(type);
  const discriminant = discriminantSize(payloads.length);
  let size = 0;
  let align: number = discriminant;
  for (const payload of payloads) {
    if (payload === undefined) continue;
    const layout = layoutOf(payload);
    size = Math.max(size, layout.size);
    align = Math.max(align, layout.align);
  }
  const payload = alignTo(discriminant, align);
  return { size: alignTo(payload + size, align), align, discriminant, payload };
}

/** Member i of a record or tuple: its offset from the start of the value. */
export function memberOffsets(type: ValueType): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const member of memberTypes(type)) {
    const layout = layoutOf(member);
    offset = alignTo(offset, layout.align);
    offsets.push(offset);
    offset += layout.size;
  }
  return offsets;
}

/**
 * The core values a value of `type` flattens to. A variant is its discriminant followed by the
 * widest case's slots, each slot joined over the cases: equal types stay, i32 with f32 is i32,
 * anything else mixed is i64.
 */
export function flatten(type: ValueType): CoreType[] {
  switch (type.kind) {
    case "bool":
    case "s32":
    case "u32":
    case "char":
    case "enum":
    case "flags":
      return ["i32"];
    case "s64":
    case "u64":
      return ["i64"];
    case "f32":
      return ["f32"];
    case "f64":
      return ["f64"];
    case "string":
    case "bytes":
    case "list":
      return ["i32", "i32"];
    case "record":
    case "tuple":
      return memberTypes(type).flatMap(flatten);
    case "option":
    case "result":
    case "variant": {
      const joined: CoreType[] = [];
      for (const payload of casePayloads(type)) {
        if (payload === undefined) continue;
        flatten(payload).forEach((slot, i) => {
          const current = joined[i];
          joined[i] = current === undefined ? slot : join(current, slot);
        });
      }
      return ["i32", ...joined];
    }
  }
}

function join(a: CoreType, b: CoreType): CoreType {
  if (a === b) return a;
  if ((a === "i32" && b === "f32") || (a === "f32" && b === "i32")) return "i32";
  return "i64";
}
