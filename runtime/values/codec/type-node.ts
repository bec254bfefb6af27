import { ValueTypeSyntaxError } from "../parse.js";
import { maxTypeDepth, type ValueType } from "../value-type.js";

// Numeric tags: the encoder and decoder switch on them in their hottest loop.
export const BOOL = 0;
export const S32 = 1;
export const U32 = 2;
export const S64 = 3;
export const U64 = 4;
export const F32 = 5;
export const F64 = 6;
export const STRING = 7;
export const BYTES = 8;
export const LIST = 9;
export const OPTION = 10;
export const RECORD = 11;

const tagOf = {
  bool: BOOL,
  s32: S32,
  u32: U32,
  s64: S64,
  u64: U64,
  f32: F32,
  f64: F64,
  string: STRING,
  bytes: BYTES,
  list: LIST,
  option: OPTION,
  record: RECORD,
} as const;

const utf8 = new TextEncoder();
// Keys that every plain object inherits: reading one of these as a field must check it is the value's own.
const inheritedNames = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A record field, precompiled: its MessagePack key bytes (header included) are written and compared as-is. */
export class FieldNode {
  readonly name: string;
  readonly type: TypeNode;
  readonly optional: boolean;
  readonly inherited: boolean;
  readonly key: Uint8Array;
  /** Where the name's UTF-8 starts inside `key`, after the str header. */
  readonly nameOffset: number;

  constructor(name: string, type: TypeNode) {
    this.name = name;
    this.type = type;
    this.optional = type.tag === OPTION;
    this.inherited = inheritedNames.has(name);
    this.key = encodeKey(name);
    this.nameOffset = this.key.length - utf8.encode(name).length;
  }
}

function encodeKey(name: string): Uint8Array {
  const bytes = utf8.encode(name);
  const n = bytes.length;
  if (n > 0xffff) refuse("a record field name is longer than 65535 bytes");
  const header = n < 32 ? [0xa0 | n] : n < 256 ? [0xd9, n] : [0xda, n >>> 8, n & 0xff];
  return Uint8Array.of(...header, ...bytes);
}

/**
 * A declared type compiled for marshalling. Every node has the same shape whatever its kind, so
 * the recursive encoder and decoder see one hidden class.
 */
export class TypeNode {
  readonly tag: number;
  /** What a mismatch message says was expected: `s32`, `list`, `record`, `string or null`. */
  readonly expected: string;
  /** The element of a list, the inner type of an option. */
  readonly child: TypeNode | null;
  readonly fields: readonly FieldNode[];
  /** Record fields by name, for the slow paths (issue collection, unknown keys). */
  readonly fieldIndex: ReadonlyMap<string, number>;
  /** Per record node: the decoder's mark of each field seen, by the number of the record being read. */
  readonly seen: Float64Array;
  /** A record from its field values in declared order. */
  readonly build: (values: readonly unknown[]) => Record<string, unknown>;
  /** The values of a record's declared fields in order; undefined where absent (own properties only for inherited names). */
  readonly valuesOf: (record: Record<string, unknown>) => unknown[];

  constructor(tag: number, expected: string, child: TypeNode | null, fields: readonly FieldNode[]) {
    this.tag = tag;
    this.expected = expected;
    this.child = child;
    this.fields = fields;
    this.fieldIndex = new Map(fields.map((field, i) => [field.name, i]));
    this.seen = new Float64Array(fields.length);
    this.build = fields.length === 0 ? noBuild : recordBuilder(fields);
    this.valuesOf = fields.length === 0 ? noValues : recordReader(fields);
  }
}

const noBuild = (): Record<string, unknown> => ({});
const noValues = (): unknown[] => [];

// Generated once per record type, so that each property access has its own inline cache: a loop
// of `record[name]` over changing names is a megamorphic lookup, about four times slower (measured
// 165 ns against 35 ns per record). Only declared field names go into the code, each as a JSON
// string literal in computed-key position, where even "__proto__" would be an ordinary key.
function recordBuilder(fields: readonly FieldNode[]): (values: readonly unknown[]) => Record<string, unknown> {
  const entries = fields.map((field, i) => `[${JSON.stringify(field.name)}]: v[${i}]`);
  return (
    generated<(values: readonly unknown[]) => Record<string, unknown>>(
      "v",
      `"use strict"; return { ${entries.join(", ")} };`,
    ) ??
    // Object.fromEntries defines own properties, so "__proto__" stays an ordinary key here too.
    ((values) => Object.fromEntries(fields.map((field, i) => [field.name, values[i]])))
  );
}

function recordReader(fields: readonly FieldNode[]): (record: Record<string, unknown>) => unknown[] {
  const reads = fields.map((field) => {
    const key = JSON.stringify(field.name);
    return field.inherited ? `(Object.hasOwn(r, ${key}) ? r[${key}] : undefined)` : `r[${key}]`;
  });
  return (
    generated<(record: Record<string, unknown>) => unknown[]>("r", `"use strict"; return [${reads.join(", ")}];`) ??
    ((record) =>
      fields.map((field) => (field.inherited && !Object.hasOwn(record, field.name) ? undefined : record[field.name])))
  );
}

/**
 * The function `new Function` makes of `body`, or undefined where code may not be generated: a
 * page whose Content-Security-Policy has no 'unsafe-eval' (the dashboard) gets the plain closures.
 */
function generated<F>(parameter: string, body: string): F | undefined {
  try {
    return new Function(parameter, body) as F;
  } catch (error) {
    if (error instanceof EvalError) return undefined;
    throw error;
  }
}

/**
 * Compiles a declared type into a tree of nodes. Every node is a new object, even for equal
 * subtypes: a node never occurs inside itself, so the decoder's `seen` marks of a record in progress
 * cannot be overwritten by a nested one.
 */
export function compileTypeNode(type: ValueType, depth = 0): TypeNode {
  if (depth > maxTypeDepth) refuse(`type nests deeper than ${maxTypeDepth} levels`);
  switch (type.kind) {
    case "list":
      return new TypeNode(LIST, "list", compileTypeNode(type.element, depth + 1), []);
    case "option": {
      const inner = compileTypeNode(type.inner, depth + 1);
      const expected = inner.expected.endsWith(" or null") ? inner.expected : `${inner.expected} or null`;
      return new TypeNode(OPTION, expected, inner, []);
    }
    case "record": {
      const fields = type.fields.map((field) => {
        if (field.name === "__proto__") refuse('a record field cannot be named "__proto__"');
        return new FieldNode(field.name, compileTypeNode(field.type, depth + 1));
      });
      if (new Set(fields.map((f) => f.name)).size !== fields.length) refuse("a record declares a field twice");
      return new TypeNode(RECORD, "record", null, fields);
    }
    default:
      return new TypeNode(tagOf[type.kind], type.kind, null, []);
  }
}

const cached = new WeakMap<ValueType, TypeNode>();

/** The node of a type, compiled once per type object, for the walks that need no node of their own. */
export function typeNodeOf(type: ValueType): TypeNode {
  let node = cached.get(type);
  if (node === undefined) {
    node = compileTypeNode(type);
    cached.set(type, node);
  }
  return node;
}

// Types from parseValueType never get here; a hand-built ValueType might.
function refuse(message: string): never {
  throw new ValueTypeSyntaxError(message, 0);
}
