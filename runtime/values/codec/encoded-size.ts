import { BOOL, BYTES, F32, F64, LIST, OPTION, RECORD, STRING, type TypeNode } from "./type-node.js";

/**
 * The exact size the encoder would write for a valid value, without writing it: an input over
 * the limit is reported with its real size, and the buffer never grows to hold it.
 */
export function encodedSize(node: TypeNode, value: unknown): number {
  switch (node.tag) {
    case BOOL:
      return 1;
    case F32:
      return 5;
    case F64:
      return 9;
    case STRING: {
      const length = Buffer.byteLength(value as string, "utf8");
      return strHeader(length) + length;
    }
    case BYTES: {
      const length = (value as Uint8Array).length;
      return (length < 0x100 ? 2 : length < 0x10000 ? 3 : 5) + length;
    }
    case LIST: {
      const items = value as readonly unknown[];
      let size = containerHeader(items.length);
      for (const item of items) size += encodedSize(node.child as TypeNode, item);
      return size;
    }
    case OPTION:
      return value === null || value === undefined ? 1 : encodedSize(node.child as TypeNode, value);
    case RECORD: {
      const items = node.valuesOf(value as Record<string, unknown>);
      let size = containerHeader(node.fields.length);
      for (const [i, field] of node.fields.entries()) {
        const item = items[i];
        size += field.key.length + (item === undefined ? 1 : encodedSize(field.type, item));
      }
      return size;
    }
    default:
      return intSize(value as number | bigint);
  }
}

function strHeader(length: number): number {
  return length < 32 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
}

function containerHeader(count: number): number {
  return count < 16 ? 1 : count < 0x10000 ? 3 : 5;
}

function intSize(value: number | bigint): number {
  const n = Number(value);
  if (n >= 0) return n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 4294967296 ? 5 : 9;
  return n >= -32 ? 1 : n >= -0x80 ? 2 : n >= -0x8000 ? 3 : n >= -0x80000000 ? 5 : 9;
}
