import type { PrimitiveKind, PrimitiveType, RecordType, ValueType } from "../../values/index.js";

/** A record value as the library sees it: an instance of the class registered for its type. */
export type CelRecord = Record<string, unknown>;
export type CelRecordClass = new () => CelRecord;

/**
 * How a declared type is represented inside the library, computed once per environment:
 * the CEL type text, and for records the class whose instances carry the values.
 */
export type CelShape =
  | { readonly kind: "scalar"; readonly type: PrimitiveType; readonly cel: string }
  | { readonly kind: "list"; readonly type: ValueType; readonly cel: string; readonly element: CelShape }
  | { readonly kind: "option"; readonly type: ValueType; readonly cel: string; readonly inner: CelShape }
  | {
      readonly kind: "record";
      readonly type: RecordType;
      readonly cel: string;
      readonly record: CelRecordClass;
      readonly fields: readonly (readonly [string, CelShape])[];
    };

const scalarCel: Readonly<Record<PrimitiveKind, string>> = {
  bool: "bool",
  s32: "int",
  u32: "int",
  s64: "int",
  u64: "uint",
  f32: "double",
  f64: "double",
  string: "string",
  bytes: "bytes",
};

export type RecordShape = Extract<CelShape, { readonly kind: "record" }>;

/** Receives each record type once its field types are known, innermost first. */
export type RegisterRecord = (
  name: string,
  record: CelRecordClass,
  fields: Record<string, string>,
  type: RecordType,
) => void;

/**
 * The shape of `type`, registering every record inside it under a name derived from `path`
 * (`record steps.count.output`, `record input.items[]`). The names show up in the library's
 * messages, and the `record ` prefix keeps them from ever resolving as a variable.
 */
export function shapeOf(type: ValueType, path: string, register: RegisterRecord): CelShape {
  switch (type.kind) {
    case "list": {
      const element = shapeOf(type.element, `${path}[]`, register);
      return { kind: "list", type, cel: `list<${element.cel}>`, element };
    }
    case "option": {
      const inner = shapeOf(type.inner, path, register);
      return { kind: "option", type, cel: `optional<${inner.cel}>`, inner };
    }
    case "record": {
      const fields = type.fields.map((f) => [f.name, shapeOf(f.type, `${path}.${f.name}`, register)] as const);
      const name = `record ${path}`;
      const record = recordClass();
      register(name, record, Object.fromEntries(fields.map(([field, shape]) => [field, shape.cel])), type);
      return { kind: "record", type, cel: name, record, fields };
    }
    default:
      return { kind: "scalar", type, cel: scalarCel[type.kind] };
  }
}

// One class per record type: the library finds a value's type through its constructor. The
// prototype chain ends at the class's own prototype, so reading a declared field that is absent
// (say `toString`) finds nothing instead of a method of Object.prototype.
function recordClass(): CelRecordClass {
  const record = class CelRecord {};
  Object.setPrototypeOf(record.prototype, null);
  return record as unknown as CelRecordClass;
}
