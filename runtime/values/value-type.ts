/**
 * The value types a task declares for its input and output. Names follow WIT (the component
 * model's interface language) so that components can map onto them later.
 */
export const primitiveKinds = ["bool", "s32", "u32", "s64", "u64", "f32", "f64", "string", "bytes"] as const;

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

export type ValueType = PrimitiveType | ListType | OptionType | RecordType;

/** Nesting deeper than this is refused when a declaration is parsed. */
export const maxTypeDepth = 32;
/** A record with more fields than this is refused when a declaration is parsed. */
export const maxRecordFields = 256;

export function isPrimitiveKind(name: string): name is PrimitiveKind {
  return (primitiveKinds as readonly string[]).includes(name);
}
