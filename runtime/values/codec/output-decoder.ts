import { TaskRunError } from "../../errors/index.js";
import { s64Max } from "./accept.js";
import { DecodeFailure, describeWire, within } from "./decode-failure.js";
import {
  BOOL,
  BYTES,
  ENUM,
  F32,
  F64,
  type FieldNode,
  FLAGS,
  itemCount,
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
import { WireReader } from "./wire-reader.js";

/**
 * Strict, type-directed MessagePack decoding of guest output. It accepts exactly the declared
 * type: no extension types, no keys but the declared fields, nothing after the value. Recursion
 * follows the type, never the data, so its depth is the type's (at most 32); every length is
 * checked against the bytes left before anything is allocated.
 */
class OutputDecoder extends WireReader {
  // Records mark the fields they have seen with the number of the record being read (no reset needed).
  private stamp = 0;

  decode(root: TypeNode, bytes: Uint8Array): unknown {
    this.begin(bytes);
    try {
      const value = this.read(root);
      if (this.pos !== this.end) {
        const extra = this.end - this.pos;
        throw new DecodeFailure(
          "end of data",
          `${extra} more bytes`,
          this.pos,
          `${extra} unexpected bytes after the value`,
        );
      }
      return value;
    } finally {
      this.begin(empty);
    }
  }

  private read(node: TypeNode): unknown {
    const pos = this.pos;
    if (pos >= this.end) throw this.mismatch(node, pos);
    const byte = this.bytes[pos] as number;
    switch (node.tag) {
      case BOOL:
        if (byte !== 0xc2 && byte !== 0xc3) throw this.mismatch(node, pos);
        this.pos = pos + 1;
        return byte === 0xc3;
      case S32: {
        const value = this.int(node, pos, byte);
        if (typeof value !== "number" || (value | 0) !== value) throw this.outOfRange(node, value, pos);
        return value;
      }
      case U32: {
        const value = this.int(node, pos, byte);
        if (typeof value !== "number" || value >>> 0 !== value) throw this.outOfRange(node, value, pos);
        return value;
      }
      case S64: {
        const value = this.int(node, pos, byte);
        if (typeof value === "bigint" && value > s64Max) throw this.outOfRange(node, value, pos);
        return value;
      }
      case U64: {
        const value = this.int(node, pos, byte);
        if (value < 0) throw this.outOfRange(node, value, pos);
        return value;
      }
      case F32:
        return Math.fround(this.float(node, pos, byte));
      case F64:
        return this.float(node, pos, byte);
      case STRING:
        return this.string(node, pos);
      case BYTES:
        return this.binary(node, pos, byte);
      case LIST:
        return this.list(node, pos, byte);
      case OPTION:
        if (byte !== 0xc0) return this.read(node.child as TypeNode);
        this.pos = pos + 1;
        return null;
      case RECORD:
        return this.record(node, pos, byte);
      default:
        return this.readMore(node, pos, byte);
    }
  }

  // Tuples, enums, variants, flags and chars after every other kind, in a method of their own:
  // the cases are tested one by one, so the common kinds pay nothing for these.
  private readMore(node: TypeNode, pos: number, byte: number): unknown {
    switch (node.tag) {
      case TUPLE:
        return this.tuple(node, pos, byte);
      case ENUM:
        return node.names[this.caseIndex(node)];
      case VARIANT:
        return this.variant(node, pos, byte);
      case FLAGS:
        return this.flags(node, pos, byte);
      default: // CHAR
        return this.char(node, pos, byte);
    }
  }

  private tuple(node: TypeNode, pos: number, byte: number): unknown[] {
    const count = this.containerLength(node, pos, byte, 0x90, 0xdc, 1);
    const elements = node.children as readonly TypeNode[];
    if (count !== elements.length) throw new DecodeFailure(node.expected, `an array of ${itemCount(count)}`, pos);
    const items: unknown[] = new Array(count);
    let i = 0;
    try {
      for (; i < count; i++) items[i] = this.read(elements[i] as TypeNode);
    } catch (error) {
      throw within(error, i);
    }
    return items;
  }

  /** Reads the number of an enum's or variant's case and checks that the type declares it. */
  private caseIndex(node: TypeNode): number {
    const pos = this.pos;
    if (pos >= this.end) throw this.mismatch(node, pos);
    const index = this.int(node, pos, this.bytes[pos] as number);
    const count = node.names.length;
    if (typeof index !== "number" || index < 0 || index >= count) {
      throw new DecodeFailure(node.expected, `case index ${index} (the type has ${count})`, pos);
    }
    return index;
  }

  // [index] for a case without payload, [index, payload] for one with: any other form is refused.
  // The object has `tag` and, for a case with a payload, `val`: only these two keys, whatever was read.
  private variant(node: TypeNode, pos: number, byte: number): { tag: string; val?: unknown } {
    const count = this.containerLength(node, pos, byte, 0x90, 0xdc, 1);
    if (count !== 1 && count !== 2) {
      throw new DecodeFailure(`${node.expected} as [case] or [case, payload]`, `an array of ${itemCount(count)}`, pos);
    }
    const index = this.caseIndex(node);
    const tag = node.names[index] as string;
    const payload = node.children[index] as TypeNode | null;
    if (payload === null) {
      if (count === 1) return { tag };
      const problem = `case "${tag}" carries no payload`;
      throw within(
        new DecodeFailure("no payload", describeWire(this.bytes, this.pos, this.end), this.pos, problem),
        "val",
      );
    }
    if (count === 1) {
      const problem = `missing payload of case "${tag}"`;
      throw within(new DecodeFailure(payload.expected, "nothing", pos, problem), "val");
    }
    try {
      return { tag, val: this.read(payload) };
    } catch (error) {
      throw within(error, "val");
    }
  }

  // A u32 bitmask, bit i for flag i; a bit past the declared flags is refused, not dropped.
  private flags(node: TypeNode, pos: number, byte: number): Record<string, unknown> {
    const bits = this.int(node, pos, byte);
    const count = node.fields.length;
    if (typeof bits !== "number" || bits < 0 || bits >= 2 ** count) {
      const why =
        typeof bits === "number" && bits >= 0 && bits < 2 ** 32 ? `bits past the ${count} flags` : "out of range";
      throw new DecodeFailure(node.expected, `int ${bits} (${why})`, pos);
    }
    const values: boolean[] = new Array(count);
    for (let i = 0; i < count; i++) values[i] = ((bits >>> i) & 1) === 1;
    // Only declared names become keys (see `TypeNode.build`).
    return node.build(values);
  }

  private char(node: TypeNode, pos: number, byte: number): string {
    const point = this.int(node, pos, byte);
    if (typeof point !== "number" || point < 0 || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) {
      throw new DecodeFailure(node.expected, `int ${point} (not a Unicode scalar value)`, pos);
    }
    return String.fromCodePoint(point);
  }

  private list(node: TypeNode, pos: number, byte: number): unknown[] {
    const count = this.containerLength(node, pos, byte, 0x90, 0xdc, 1);
    const element = node.child as TypeNode;
    const items: unknown[] = new Array(count);
    let i = 0;
    try {
      for (; i < count; i++) items[i] = this.read(element);
    } catch (error) {
      throw within(error, i);
    }
    return items;
  }

  private record(node: TypeNode, pos: number, byte: number): Record<string, unknown> {
    const count = this.containerLength(node, pos, byte, 0x80, 0xde, 2);
    const fields = node.fields;
    const seen = node.seen;
    const stamp = ++this.stamp;
    const values: unknown[] = new Array(fields.length);
    let field: FieldNode | undefined;
    try {
      for (let i = 0; i < count; i++) {
        field = undefined;
        const keyAt = this.pos;
        const index = this.key(node, i);
        field = fields[index] as FieldNode;
        if (seen[index] === stamp) {
          throw new DecodeFailure("each field once", "a repeated key", keyAt, `field "${field.name}" appears twice`);
        }
        seen[index] = stamp;
        values[index] = this.read(field.type);
      }
    } catch (error) {
      throw field === undefined ? error : within(error, field.name);
    }
    for (let i = 0; i < fields.length; i++) {
      if (seen[i] === stamp) continue;
      const declared = fields[i] as FieldNode;
      if (!declared.optional) {
        throw within(
          new DecodeFailure(declared.type.expected, "nothing", pos, "missing required field"),
          declared.name,
        );
      }
      values[i] = null;
    }
    // Only declared names become keys (see `TypeNode.build`), so no key can reach a prototype.
    return node.build(values);
  }

  /** Reads a map key and returns the index of the declared field it names. */
  private key(node: TypeNode, guess: number): number {
    const pos = this.pos;
    const length = this.stringHeader(pos);
    if (length < 0) throw this.notAString("a string key", pos);
    const start = this.pos;
    this.pos = start + length;
    const fields = node.fields;
    // The guest writes fields in declared order: try the field at this position first.
    if (guess < fields.length && this.keyIs(fields[guess] as FieldNode, start, length)) return guess;
    for (let i = 0; i < fields.length; i++) if (this.keyIs(fields[i] as FieldNode, start, length)) return i;
    const name = this.lenientText(start, length);
    throw within(new DecodeFailure("a declared field", "an unknown key", pos, "unknown field"), name);
  }

  private keyIs(field: FieldNode, start: number, length: number): boolean {
    const key = field.key;
    const offset = field.nameOffset;
    if (key.length - offset !== length) return false;
    const bytes = this.bytes;
    for (let i = 0; i < length; i++) if (bytes[start + i] !== key[offset + i]) return false;
    return true;
  }

  private mismatch(node: TypeNode, pos: number): DecodeFailure {
    return new DecodeFailure(node.expected, describeWire(this.bytes, pos, this.end), pos);
  }

  private outOfRange(node: TypeNode, value: number | bigint, pos: number): DecodeFailure {
    return new DecodeFailure(node.expected, `int ${value} (out of range)`, pos);
  }

  // The wire reader calls back here when a value of the wrong family starts at `pos`.
  protected override wrongType(node: TypeNode, pos: number): DecodeFailure {
    return this.mismatch(node, pos);
  }
}

const empty = new Uint8Array(0);
const decoder = new OutputDecoder();

/** Decodes guest output of the declared type; see `ValueCodec.decodeOutput`. */
export function decodeOutput(root: TypeNode, bytes: Uint8Array, maxBytes: number): unknown {
  if (bytes.length > maxBytes) {
    throw new TaskRunError("OUTPUT_TOO_LARGE", `output is ${bytes.length} bytes, over the limit of ${maxBytes}`, {
      size: bytes.length,
      limit: maxBytes,
    });
  }
  try {
    return decoder.decode(root, bytes);
  } catch (error) {
    if (error instanceof DecodeFailure) throw error.toError("output");
    throw error;
  }
}
