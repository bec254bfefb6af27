import {
  BOOL,
  BYTES,
  CHAR,
  ENUM,
  F32,
  F64,
  FLAGS,
  LIST,
  OPTION,
  RECORD,
  STRING,
  TUPLE,
  type TypeNode,
  VARIANT,
} from "./type-node.js";

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
    case TUPLE: {
      const items = value as readonly unknown[];
      let size = containerHeader(items.length);
      for (const [i, item] of items.entries()) size += encodedSize(node.children[i] as TypeNode, item);
      return size;
    }
    case ENUM:
      return intSize(node.caseIndex.get(value as string) as number);
    case CHAR:
      return intSize((value as string).codePointAt(0) as number);
    case FLAGS: {
      let bits = 0;
      for (const [i, item] of node.valuesOf(value as Record<string, unknown>).entries())
        if (item === true) bits |= 1 << i;
      return intSize(bits >>> 0);
    }
    case VARIANT: {
      const { tag, val } = value as { tag: string; val?: unknown };
      const index = node.caseIndex.get(tag) as number;
      const payload = node.children[index];
      // The array header and the index, then the payload (nil for an option left out).
      const head = 1 + intSize(index);
      if (payload === null || payload === undefined) return head;
      return head + (val === undefined ? 1 : encodedSize(payload, val));
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
