import { readValueType } from "./read-types.js";
import type { Reader } from "./reader.js";
import type { CoreValueType, FuncSignature } from "./types.js";

const funcForm = 0x60;
const structForm = 0x5f;
const arrayForm = 0x5e;
const subForm = 0x50;
const subFinalForm = 0x4f;
const recForm = 0x4e;
const packedI8 = 0x78;
const packedI16 = 0x77;

/**
 * One entry per type index. Struct and array types (GC proposal) take an index but are never a
 * function's signature, so they are kept as `undefined`.
 */
export type TypeTable = (FuncSignature | undefined)[];

/** Reads the type section, flattening recursion groups into the type index space. */
export function readTypeSection(r: Reader, types: TypeTable): void {
  const count = r.count("type", 2);
  for (let i = 0; i < count; i++) {
    if (r.pos < r.end && r.bytes[r.pos] === recForm) {
      r.pos++;
      const members = r.count("recursion group member", 2);
      for (let j = 0; j < members; j++) types.push(readSubType(r));
    } else {
      types.push(readSubType(r));
    }
  }
}

function readSubType(r: Reader): FuncSignature | undefined {
  const form = r.bytes[r.pos];
  if (r.pos < r.end && (form === subForm || form === subFinalForm)) {
    r.pos++;
    const supertypes = r.count("supertype");
    for (let i = 0; i < supertypes; i++) r.u32("supertype index");
  }
  return readCompositeType(r);
}

function readCompositeType(r: Reader): FuncSignature | undefined {
  const offset = r.pos;
  const form = r.u8("type");
  switch (form) {
    case funcForm:
      return { params: readResultTypes(r, "parameter"), results: readResultTypes(r, "result") };
    case structForm: {
      const fields = r.count("struct field", 2);
      for (let i = 0; i < fields; i++) skipFieldType(r);
      return undefined;
    }
    case arrayForm:
      skipFieldType(r);
      return undefined;
    default:
      return r.fail(`unsupported type form 0x${form.toString(16)}`, offset);
  }
}

function readResultTypes(r: Reader, what: string): CoreValueType[] {
  const count = r.count(what);
  const types: CoreValueType[] = [];
  for (let i = 0; i < count; i++) types.push(readValueType(r));
  return types;
}

function skipFieldType(r: Reader): void {
  const code = r.bytes[r.pos];
  if (r.pos < r.end && (code === packedI8 || code === packedI16)) r.pos++;
  else readValueType(r);
  const offset = r.pos;
  if (r.u8("field mutability") > 1) r.fail("unsupported field mutability", offset);
}

/** The signature of a function type index, refusing indices that are out of range or not functions. */
export function functionType(r: Reader, types: TypeTable, index: number, offset: number): FuncSignature {
  const type = types[index];
  if (type === undefined) {
    const why = index < types.length ? "is not a function type" : `is out of range (${types.length} types)`;
    return r.fail(`type index ${index} ${why}`, offset);
  }
  return type;
}
