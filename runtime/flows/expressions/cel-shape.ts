import {
  type EnumType,
  type FlagsType,
  type PrimitiveKind,
  type PrimitiveType,
  type RecordType,
  type ResultType,
  resultCases,
  type TupleType,
  type ValueType,
  type VariantCase,
  type VariantType,
} from "../../values/index.js";

/** A record value as the library sees it: an instance of the class registered for its type. */
export type CelRecord = Record<string, unknown>;
export type CelRecordClass = new () => CelRecord;

/** A variant's case as the library sees it: its name and, when it carries a value, that value's shape. */
export interface CaseShape {
  readonly name: string;
  readonly payload: CelShape | undefined;
}

/**
 * How a declared type is represented inside the library, computed once per environment:
 * the CEL type text, and for records, flags and variants the class whose instances carry the values.
 * - `char` and `enum` are CEL strings (an enum's value is its case name).
 * - A tuple is a CEL list: `list<T>` when every item has the same CEL type, `list<dyn>` otherwise.
 * - Flags are a message of one bool field per flag.
 * - A variant or result is a message `{tag: string, val: T}`: `val` is declared only when some
 *   case carries a value, typed as those values' CEL type when they share one, `dyn` otherwise.
 */
export type CelShape =
  | { readonly kind: "scalar"; readonly type: PrimitiveType; readonly cel: string }
  | { readonly kind: "enum"; readonly type: EnumType; readonly cel: string }
  | { readonly kind: "list"; readonly type: ValueType; readonly cel: string; readonly element: CelShape }
  | { readonly kind: "tuple"; readonly type: TupleType; readonly cel: string; readonly elements: readonly CelShape[] }
  | { readonly kind: "option"; readonly type: ValueType; readonly cel: string; readonly inner: CelShape }
  | {
      readonly kind: "record";
      readonly type: RecordType;
      readonly cel: string;
      readonly record: CelRecordClass;
      readonly fields: readonly (readonly [string, CelShape])[];
    }
  | { readonly kind: "flags"; readonly type: FlagsType; readonly cel: string; readonly record: CelRecordClass }
  | {
      readonly kind: "variant";
      readonly type: VariantType | ResultType;
      readonly cel: string;
      readonly record: CelRecordClass;
      readonly cases: readonly CaseShape[];
    };

const scalarCel: Readonly<Record<PrimitiveKind, string>> = {
  bool: "bool",
  s32: "int",
  u32: "int",
  s64: "int",
  u64: "uint",
  f32: "double",
  f64: "double",
  char: "string",
  string: "string",
  bytes: "bytes",
};

export type RecordShape = Extract<CelShape, { readonly kind: "record" }>;

/** The types the library holds as messages of their own registered type. */
export type MessageType = RecordType | FlagsType | VariantType | ResultType;

/** Receives each message type once its field types are known, innermost first. */
export type RegisterRecord = (
  name: string,
  record: CelRecordClass,
  fields: Record<string, string>,
  type: MessageType,
) => void;

/**
 * The shape of `type`, registering every record, flags and variant inside it under a name derived
 * from `path` (`record steps.count.output`, `record input.items[]`, `flags input.perms`,
 * `variant input.shape`; the value of one case among several, `record input.shape.val[square]`).
 * The names show up in the library's messages, and the prefix keeps them from ever resolving as a
 * variable.
 */
export function shapeOf(type: ValueType, path: string, register: RegisterRecord): CelShape {
  switch (type.kind) {
    case "list": {
      const element = shapeOf(type.element, `${path}[]`, register);
      return { kind: "list", type, cel: `list<${element.cel}>`, element };
    }
    case "tuple": {
      const elements = type.elements.map((element, i) => shapeOf(element, `${path}[${i}]`, register));
      return { kind: "tuple", type, cel: `list<${commonCel(elements)}>`, elements };
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
    case "flags": {
      const name = `flags ${path}`;
      const record = recordClass();
      register(name, record, Object.fromEntries(type.flags.map((flag) => [flag, "bool"])), type);
      return { kind: "flags", type, cel: name, record };
    }
    case "variant":
    case "result":
      return variantShape(type, path, register);
    case "enum":
      return { kind: "enum", type, cel: "string" };
    default:
      return { kind: "scalar", type, cel: scalarCel[type.kind] };
  }
}

function variantShape(type: VariantType | ResultType, path: string, register: RegisterRecord): CelShape {
  const declared = casesOf(type);
  const carrying = declared.filter((c) => c.type !== undefined);
  // One value shape per case that carries one; named after `val`, and after the case when several do.
  const cases = declared.map(
    (c): CaseShape => ({
      name: c.name,
      payload:
        c.type === undefined
          ? undefined
          : shapeOf(c.type, carrying.length === 1 ? `${path}.val` : `${path}.val[${c.name}]`, register),
    }),
  );
  const payloads = cases.flatMap((c) => (c.payload === undefined ? [] : [c.payload]));
  const fields: Record<string, string> = { tag: "string" };
  if (payloads.length > 0) fields.val = commonCel(payloads);
  const name = `${type.kind} ${path}`;
  const record = recordClass();
  register(name, record, fields, type);
  return { kind: "variant", type, cel: name, record, cases };
}

/** A variant's cases, a result's as the variant `{ok(T), err(E)}` it is. */
export function casesOf(type: VariantType | ResultType): readonly VariantCase[] {
  return type.kind === "result" ? resultCases(type) : type.cases;
}

/** The CEL type every shape has, or `dyn` when they differ. */
function commonCel(shapes: readonly CelShape[]): string {
  const first = shapes[0]?.cel ?? "dyn";
  return shapes.every((shape) => shape.cel === first) ? first : "dyn";
}

// One class per record type: the library finds a value's type through its constructor. The
// prototype chain ends at the class's own prototype, so reading a declared field that is absent
// (say `toString`) finds nothing instead of a method of Object.prototype.
function recordClass(): CelRecordClass {
  const record = class CelRecord {};
  Object.setPrototypeOf(record.prototype, null);
  return record as unknown as CelRecordClass;
}
