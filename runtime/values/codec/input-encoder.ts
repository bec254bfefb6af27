import { isBytes, isF32, isInt64, isPlainObject, isS32, isU32 } from "./accept.js";
import type { MsgpackWriter } from "./msgpack-writer.js";
import { BOOL, BYTES, F32, F64, LIST, OPTION, S32, S64, STRING, type TypeNode, U32, U64 } from "./type-node.js";

/**
 * Thrown at the first value that does not match its type. The caller then walks the value again
 * with the issue collector, which reports every problem with its path; the fast path pays for
 * neither paths nor messages.
 */
export const mismatch = { reason: "mismatch" } as const;

/** Validates and encodes in one pass, in the exact form the guest SDK reads. */
export function encodeValue(w: MsgpackWriter, node: TypeNode, value: unknown): void {
  switch (node.tag) {
    case BOOL:
      if (typeof value !== "boolean") throw mismatch;
      w.byte(value ? 0xc3 : 0xc2);
      return;
    case S32:
      if (!isS32(value)) throw mismatch;
      w.int(value);
      return;
    case U32:
      if (!isU32(value)) throw mismatch;
      w.int(value);
      return;
    case S64:
    case U64:
      if (!isInt64(value, node.tag === U64)) throw mismatch;
      if (typeof value === "number") w.int(value);
      else w.bigint(value);
      return;
    case F32:
      if (!isF32(value)) throw mismatch;
      w.f32(value);
      return;
    case F64:
      if (typeof value !== "number") throw mismatch;
      w.f64(value);
      return;
    case STRING:
      if (typeof value !== "string" || !w.string(value)) throw mismatch;
      return;
    case BYTES:
      if (!isBytes(value)) throw mismatch;
      w.binary(value);
      return;
    case LIST:
      encodeList(w, node.child as TypeNode, value);
      return;
    case OPTION:
      if (value === null || value === undefined) w.byte(0xc0);
      else encodeValue(w, node.child as TypeNode, value);
      return;
    default:
      encodeRecord(w, node, value);
  }
}

function encodeList(w: MsgpackWriter, element: TypeNode, value: unknown): void {
  if (!Array.isArray(value)) throw mismatch;
  const length = value.length;
  w.arrayHeader(length);
  for (let i = 0; i < length; i++) encodeValue(w, element, value[i]);
}

// Every declared field is written, options that are absent as nil, keys in declared order.
function encodeRecord(w: MsgpackWriter, node: TypeNode, value: unknown): void {
  if (!isPlainObject(value)) throw mismatch;
  const fields = node.fields;
  const items = node.valuesOf(value);
  const count = fields.length;
  w.mapHeader(count);
  let present = 0;
  for (let i = 0; i < count; i++) {
    const field = fields[i] as (typeof fields)[number];
    const item = items[i];
    w.raw(field.key);
    if (item === undefined) {
      if (!field.optional) throw mismatch;
      w.byte(0xc0);
    } else {
      present++;
      encodeValue(w, field.type, item);
    }
  }
  if (present !== countKeys(value) && hasUnknownKey(node, value)) throw mismatch;
}

// for-in over a plain object uses V8's enum cache and allocates nothing, unlike Object.keys.
function countKeys(value: Record<string, unknown>): number {
  let count = 0;
  for (const _ in value) count++;
  return count;
}

/** The counts differ also when a declared option is an own key holding undefined: look closer. */
export function hasUnknownKey(node: TypeNode, value: Record<string, unknown>): boolean {
  for (const key of Object.keys(value)) if (!node.fieldIndex.has(key)) return true;
  return false;
}
