import type { Reader } from "./reader.js";
import type { CoreValueType, GlobalType, Limits, TableType } from "./types.js";

// Indexed by type code byte: a lookup array keeps the hot path free of hashing.
const valueTypeByCode: (CoreValueType | undefined)[] = new Array<CoreValueType | undefined>(0x80).fill(undefined);
// Reference shorthands double as abstract heap type codes.
const isReferenceCode: boolean[] = new Array<boolean>(0x80).fill(false);

for (const [code, type] of [
  [0x7f, "i32"],
  [0x7e, "i64"],
  [0x7d, "f32"],
  [0x7c, "f64"],
  [0x7b, "v128"],
] as const) {
  valueTypeByCode[code] = type;
}
// Typed-reference shorthands (anyref, eqref, i31ref, structref, arrayref and the bottom types)
// have no name of their own in CoreValueType and are all reported as "ref".
for (const [code, type] of [
  [0x70, "funcref"],
  [0x6f, "externref"],
  [0x69, "exnref"],
  [0x74, "ref"],
  [0x73, "ref"],
  [0x72, "ref"],
  [0x71, "ref"],
  [0x6e, "ref"],
  [0x6d, "ref"],
  [0x6c, "ref"],
  [0x6b, "ref"],
  [0x6a, "ref"],
] as const) {
  valueTypeByCode[code] = type;
  isReferenceCode[code] = true;
}

const refNullable = 0x63;
const refNonNullable = 0x64;

/** Reads a value type: a number, vector or reference type. */
export function readValueType(r: Reader): CoreValueType {
  const offset = r.pos;
  const code = r.u8("value type");
  const known = valueTypeByCode[code];
  if (known !== undefined) return known;
  if (code === refNullable || code === refNonNullable) {
    const heap = readHeapType(r);
    // `(ref null func)` and friends are the same types as their shorthands; non-null ones are not.
    if (code === refNonNullable || heap >= 0) return "ref";
    return valueTypeByCode[heap + 0x80] ?? "ref";
  }
  return r.fail(`unsupported value type 0x${code.toString(16)}`, offset);
}

/** Reads a heap type (s33): a type index, or a negative abstract heap type code. */
export function readHeapType(r: Reader): number {
  const offset = r.pos;
  const heap = r.signed(33, "heap type");
  if (heap < 0 && isReferenceCode[heap + 0x80] !== true) r.fail(`unsupported heap type ${heap}`, offset);
  return heap;
}

function isReferenceType(type: CoreValueType): boolean {
  return type === "funcref" || type === "externref" || type === "exnref" || type === "ref";
}

const limitsHasMaximum = 0x01;
const limitsShared = 0x02;
const limitsIndex64 = 0x04;

// Constant labels, so that reading limits builds no strings unless it fails.
const limitsLabels = {
  memory: { limits: "memory limits", initial: "memory initial size", maximum: "memory maximum size" },
  table: { limits: "table limits", initial: "table initial size", maximum: "table maximum size" },
} as const;

/** Reads memory or table limits, including the threads (shared) and memory64 flag bits. */
export function readLimits(r: Reader, what: "memory" | "table"): Limits {
  const labels = limitsLabels[what];
  const offset = r.pos;
  const flags = r.u8(labels.limits);
  if ((flags & ~(limitsHasMaximum | limitsShared | limitsIndex64)) !== 0) {
    r.fail(`unsupported ${what} limits flags 0x${flags.toString(16)}`, offset);
  }
  const index64 = (flags & limitsIndex64) !== 0;
  const shared = (flags & limitsShared) !== 0;
  const initial = index64 ? r.u64(labels.initial) : r.u32(labels.initial);
  if ((flags & limitsHasMaximum) === 0) return { initial, shared, index64 };
  const maximum = index64 ? r.u64(labels.maximum) : r.u32(labels.maximum);
  return { initial, maximum, shared, index64 };
}

/** Reads a table type: its element reference type, then its limits. */
export function readTableType(r: Reader): TableType {
  const offset = r.pos;
  const element = readValueType(r);
  if (!isReferenceType(element)) r.fail(`table element type ${element} is not a reference type`, offset);
  return { element, limits: readLimits(r, "table") };
}

/** Reads a global type: value type, then mutability. */
export function readGlobalType(r: Reader): GlobalType {
  const type = readValueType(r);
  const offset = r.pos;
  const mutability = r.u8("global mutability");
  if (mutability > 1) r.fail(`unsupported global mutability 0x${mutability.toString(16)}`, offset);
  return { type, mutable: mutability === 1 };
}
