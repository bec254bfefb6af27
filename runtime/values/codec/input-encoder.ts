import { isBytes, isChar, isF32, isInt64, isPlainObject, isS32, isU32 } from "./accept.js";
import type { MsgpackWriter } from "./msgpack-writer.js";
import {
  BOOL,
  BYTES,
  ENUM,
  F32,
  F64,
  FLAGS,
  LIST,
  OPTION,
  RECORD,
  S32,
  S64,
  STRING,
  TUPLE,
  type TypeNode,
  U32,
  U64,
  VARIANT,
} from "./type-node.js";

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
    case RECORD:
      encodeRecord(w, node, value);
      return;
    default:
      encodeMore(w, node, value);
  }
}

// Tuples, enums, variants, flags and chars in a function of their own, after every other kind:
// the cases are tested one by one (the tags are imported constants, not literals V8 makes a jump
// table of), and `encodeValue` stays under V8's limit for inlining (460 bytes of bytecode) into
// the list and record loops. Both keep the common kinds as fast as they were.
function encodeMore(w: MsgpackWriter, node: TypeNode, value: unknown): void {
  switch (node.tag) {
    case TUPLE:
      encodeTuple(w, node.children as readonly TypeNode[], value);
      return;
    case ENUM: {
      const index = typeof value === "string" ? node.caseIndex.get(value) : undefined;
      if (index === undefined) throw mismatch;
      w.int(index);
      return;
    }
    case VARIANT:
      encodeVariant(w, node, value);
      return;
    case FLAGS:
      w.int(flagBits(node, value));
      return;
    default: // CHAR
      if (!isChar(value)) throw mismatch;
      w.int(value.codePointAt(0) as number);
  }
}

function encodeList(w: MsgpackWriter, element: TypeNode, value: unknown): void {
  if (!Array.isArray(value)) throw mismatch;
  const length = value.length;
  w.arrayHeader(length);
  for (let i = 0; i < length; i++) encodeValue(w, element, value[i]);
}

function encodeTuple(w: MsgpackWriter, items: readonly TypeNode[], value: unknown): void {
  const length = items.length;
  if (!Array.isArray(value) || value.length !== length) throw mismatch;
  w.arrayHeader(length);
  for (let i = 0; i < length; i++) encodeValue(w, items[i] as TypeNode, value[i]);
}

// [index] for a case without payload, [index, payload] for one with; an option payload may be left out (none).
function encodeVariant(w: MsgpackWriter, node: TypeNode, value: unknown): void {
  if (!isPlainObject(value)) throw mismatch;
  const tag = value.tag;
  const index = typeof tag === "string" ? node.caseIndex.get(tag) : undefined;
  if (index === undefined) throw mismatch;
  const payload = node.children[index] as TypeNode | null;
  const val = value.val;
  if (payload === null) {
    if (val !== undefined) throw mismatch;
    w.byte(0x91);
    w.int(index);
  } else {
    w.byte(0x92);
    w.int(index);
    if (val !== undefined) encodeValue(w, payload, val);
    else if (payload.tag === OPTION) w.byte(0xc0);
    else throw mismatch;
  }
  if (countKeys(value) !== (val === undefined ? 1 : 2) && hasUnknownCaseKey(value)) throw mismatch;
}

/** The bitmask of a flags object: bit i for flag i. An absent (or undefined) flag is unset. */
function flagBits(node: TypeNode, value: unknown): number {
  if (!isPlainObject(value)) throw mismatch;
  const items = node.valuesOf(value);
  const count = items.length;
  let bits = 0;
  let present = 0;
  for (let i = 0; i < count; i++) {
    const item = items[i];
    if (item === undefined) continue;
    if (typeof item !== "boolean") throw mismatch;
    present++;
    if (item) bits |= 1 << i;
  }
  if (present !== countKeys(value) && hasUnknownKey(node, value)) throw mismatch;
  // Bit 31 makes the int32 negative: read it back unsigned.
  return bits >>> 0;
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

/** A variant or result object's keys are `tag` and `val`; `val` may also be an own key holding undefined. */
export function hasUnknownCaseKey(value: Record<string, unknown>): boolean {
  for (const key of Object.keys(value)) if (key !== "tag" && key !== "val") return true;
  return false;
}

/** The counts differ also when a declared option is an own key holding undefined: look closer. */
export function hasUnknownKey(node: TypeNode, value: Record<string, unknown>): boolean {
  for (const key of Object.keys(value)) if (!node.fieldIndex.has(key)) return true;
  return false;
}
