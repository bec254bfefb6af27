import { ValueTypeSyntaxError } from "../parse.js";
import { maxFlags, maxTypeDepth, resultCases, type ValueType, type VariantCase } from "../value-type.js";

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
export const TUPLE = 12;
export const ENUM = 13;
/** Variants and results: a result is the variant {ok(T), err(E)}, so one node shape and one code path serve both. */
export const VARIANT = 14;
export const FLAGS = 15;
export const CHAR = 16;

const tagOf = {
  bool: BOOL,
  s32: S32,
  u32: U32,
  s64: S64,
  u64: U64,
  f32: F32,
  f64: F64,
  char: CHAR,
  string: STRING,
  bytes: BYTES,
  list: LIST,
  option: OPTION,
  record: RECORD,
  tuple: TUPLE,
  enum: ENUM,
  variant: VARIANT,
  result: VARIANT,
  flags: FLAGS,
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
  /**
   * A record's fields; a flags type's flags, as bool fields: flags are read from an object and
   * built into one the same way, with the same care for inherited names.
   */
  readonly fields: readonly FieldNode[];
  /** Record fields (or flags) by name, for the slow paths (issue collection, unknown keys). */
  readonly fieldIndex: ReadonlyMap<string, number>;
  /** Per record node: the decoder's mark of each field seen, by the number of the record being read. */
  readonly seen: Float64Array;
  /** A record (or flags object) from its field values in declared order. */
  readonly build: (values: readonly unknown[]) => Record<string, unknown>;
  /** The values of a record's declared fields in order; undefined where absent (own properties only for inherited names). */
  readonly valuesOf: (record: Record<string, unknown>) => unknown[];
  /** A tuple's items; the payload of each case of a variant or result, null for a case without one. */
  readonly children: readonly (TypeNode | null)[];
  /** The case names of an enum, variant or result, in declared order: a case's index is its number on the wire. */
  readonly names: readonly string[];
  /** Case indexes by name. A Map, not an object: a tag such as "constructor" must not find anything inherited. */
  readonly caseIndex: ReadonlyMap<string, number>;

  constructor(
    tag: number,
    expected: string,
    child: TypeNode | null,
    fields: readonly FieldNode[],
    children: readonly (TypeNode | null)[] = none,
    names: readonly string[] = none,
  ) {
    this.tag = tag;
    this.expected = expected;
    this.child = child;
    this.fields = fields;
    this.fieldIndex = new Map(fields.map((field, i) => [field.name, i]));
    this.seen = new Float64Array(fields.length);
    this.build = fields.length === 0 ? noBuild : recordBuilder(fields);
    this.valuesOf = fields.length === 0 ? noValues : recordReader(fields);
    this.children = children;
    this.names = names;
    this.caseIndex = names.length === 0 ? noCases : new Map(names.map((name, i) => [name, i]));
  }
}

const none: readonly never[] = [];
const noCases: ReadonlyMap<string, number> = new Map();
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
    case "tuple": {
      if (type.elements.length === 0) refuse("a tuple needs at least one item");
      const elements = type.elements.map((element) => compileTypeNode(element, depth + 1));
      return new TypeNode(TUPLE, `tuple of ${itemCount(elements.length)}`, null, [], elements);
    }
    case "enum":
      return new TypeNode(ENUM, "enum", null, [], none, distinctNames(type.cases, "an enum"));
    case "variant":
      return variantNode("variant", type.cases, depth);
    case "result":
      return variantNode("result", resultCases(type), depth);
    case "flags": {
      const flags = distinctNames(type.flags, "a flags type").map((name) => {
        if (name === "__proto__") refuse('a flag cannot be named "__proto__"');
        return new FieldNode(name, new TypeNode(BOOL, "bool", null, []));
      });
      // The wire form is one u32 bitmask.
      if (flags.length > maxFlags) refuse(`a flags type has at most ${maxFlags} flags`);
      return new TypeNode(FLAGS, "flags", null, flags);
    }
    default:
      return new TypeNode(tagOf[type.kind], type.kind, null, []);
  }
}

/** `1 item`, `3 items`: a tuple's or an array's length, for messages. */
export function itemCount(count: number): string {
  return `${count} ${count === 1 ? "item" : "items"}`;
}

function variantNode(kind: "variant" | "result", cases: readonly VariantCase[], depth: number): TypeNode {
  const names = distinctNames(
    cases.map((c) => c.name),
    `a ${kind}`,
  );
  const payloads = cases.map((c) => (c.type === undefined ? null : compileTypeNode(c.type, depth + 1)));
  return new TypeNode(VARIANT, kind, null, [], payloads, names);
}

function distinctNames(names: readonly string[], what: string): readonly string[] {
  if (names.length === 0) refuse(`${what} needs at least one name`);
  if (new Set(names).size !== names.length) refuse(`${what} declares a name twice`);
  return names;
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
