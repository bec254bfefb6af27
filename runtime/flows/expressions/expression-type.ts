import {
  type EnumType,
  type FlagsType,
  formatValueType,
  type PrimitiveType,
  type RecordType,
  type ResultType,
  type TupleType,
  type VariantType,
} from "../../values/index.js";

/**
 * The static type of an expression's result, in our value types where one fits. CEL computes in
 * 64 bits, so `int` arithmetic is `s64`, `uint` is `u64` and `double` is `f64`; a bare path such as
 * `steps.count.output.words` keeps the field's declared type (`s32`), and so does a value the
 * library holds as a registered type (a record, flags, a variant or result); a tuple item read with
 * a literal index (`input.pair[0]`) keeps its item's type. Beyond our value types:
 * - `dyn`: known only at run time (`dyn(x)`, `bytes.json()`, the element of an empty list literal);
 *   it passes the static check and is checked by `coerceTo` when the value is there.
 * - `null`: the `null` literal; it can feed only an `option<T>`.
 * - `map`: a CEL map (a map literal such as `{"a": 1}`); it can feed a record whose fields all
 *   accept its value type, the fields themselves being checked at run time.
 * - `other`: a CEL type with no counterpart (`timestamp`, `duration`, `type`); it feeds nothing.
 */
export type ExpressionType =
  | PrimitiveType
  | RecordType
  | TupleType
  | EnumType
  | FlagsType
  | VariantType
  | ResultType
  | { readonly kind: "list"; readonly element: ExpressionType }
  | { readonly kind: "option"; readonly inner: ExpressionType }
  | { readonly kind: "map"; readonly key: ExpressionType; readonly value: ExpressionType }
  | { readonly kind: "dyn" }
  | { readonly kind: "null" }
  | { readonly kind: "other"; readonly name: string };

/** The text of an expression type, in the notation of `formatValueType`, e.g. `list<s64>`, `map<string, dyn>`. */
export function formatExpressionType(type: ExpressionType): string {
  switch (type.kind) {
    case "list":
      return `list<${formatExpressionType(type.element)}>`;
    case "option":
      return `option<${formatExpressionType(type.inner)}>`;
    case "map":
      return `map<${formatExpressionType(type.key)}, ${formatExpressionType(type.value)}>`;
    case "record":
      return `record{${type.fields.map((f) => `${f.name}: ${formatExpressionType(f.type)}`).join(", ")}}`;
    case "other":
      return type.name;
    case "tuple":
    case "enum":
    case "flags":
    case "variant":
    case "result":
      return formatValueType(type);
    default:
      return type.kind;
  }
}
