/**
 * The value types a task declares for its input and output. Names and meaning follow WIT (the
 * component model's interface language), so a component's signature maps onto them one to one.
 *
 * How a value of each type looks in JavaScript (the library API; JSON in the CLI and HTTP API is
 * the same but for s64/u64 past 2^53 as decimal strings and bytes as base64):
 * - `char`: a string of exactly one Unicode scalar value (one code point, not a surrogate).
 * - `tuple<A, B>`: an array of exactly that many items.
 * - `enum{a, b}`: the case's name, `"a"`.
 * - `variant{a(T), b}`: `{ tag: "a", val: T }`, or `{ tag: "b" }` for a case without payload.
 * - `result<T, E>`: `{ tag: "ok", val: T }` or `{ tag: "err", val: E }` (`val` absent where a side
 *   has no type: `result<_, E>`, `result<T>`, `result`).
 * - `flags{a, b}`: an object of booleans, `{ a: true, b: false }`; an input may leave a flag out
 *   (unset), an output has every flag.
 */
export const primitiveKinds = ["bool", "s32", "u32", "s64", "u64", "f32", "f64", "char", "string", "bytes"] as const;

export type PrimitiveKind = (typeof primitiveKinds)[number];

export interface PrimitiveType {
  readonly kind: PrimitiveKind;
}
export interface ListType {
  readonly kind: "list";
  readonly element: ValueType;
}
export interface OptionType {
  readonly kind: "option";
  readonly inner: ValueType;
}
export interface RecordField {
  readonly name: string;
  readonly type: ValueType;
}
export interface RecordType {
  readonly kind: "record";
  readonly fields: readonly RecordField[];
}
export interface TupleType {
  readonly kind: "tuple";
  readonly elements: readonly ValueType[];
}
export interface EnumType {
  readonly kind: "enum";
  /** Case names, in declared order: the order is the case's index on the wire. */
  readonly cases: readonly string[];
}
export interface VariantCase {
  readonly name: string;
  /** The payload's type; undefined for a case that carries nothing. */
  readonly type?: ValueType | undefined;
}
export interface VariantType {
  readonly kind: "variant";
  readonly cases: readonly VariantCase[];
}
export interface ResultType {
  readonly kind: "result";
  /** The ok side's type; undefined in `result<_, E>` and `result`. */
  readonly ok?: ValueType | undefined;
  /** The err side's type; undefined in `result<T>` and `result`. */
  readonly err?: ValueType | undefined;
}
export interface FlagsType {
  readonly kind: "flags";
  /** Flag names, in declared order: flag i is bit i on the wire. */
  readonly flags: readonly string[];
}

export type ValueType =
  | PrimitiveType
  | ListType
  | OptionType
  | RecordType
  | TupleType
  | EnumType
  | VariantType
  | ResultType
  | FlagsType;

/** Nesting deeper than this is refused when a declaration is parsed. */
export const maxTypeDepth = 32;
/** A record with more fields than this is refused when a declaration is parsed. */
export const maxRecordFields = 256;
/** A tuple with more items than this is refused. */
export const maxTupleElements = 64;
/** An enum or variant with more cases than this is refused. */
export const maxCases = 256;
/** Flags travel as one u32 bitmask in the sdk ABI (as in the component model's canonical ABI). */
export const maxFlags = 32;

export function isPrimitiveKind(name: string): name is PrimitiveKind {
  return (primitiveKinds as readonly string[]).includes(name);
}

/**
 * The cases of a result as a variant's: `ok` is index 0 and `err` index 1, on the wire and
 * wherever a result is treated as the variant it is.
 */
export function resultCases(type: ResultType): readonly VariantCase[] {
  return [
    { name: "ok", type: type.ok },
    { name: "err", type: type.err },
  ];
}
