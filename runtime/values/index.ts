export { formatValueType } from "./format.js";
export type { IntegerKind } from "./integer-ranges.js";
export { integerRanges, maxSafeBigInt } from "./integer-ranges.js";
export { fieldPath, parseValueType, ValueTypeSyntaxError } from "./parse.js";
export type {
  ListType,
  OptionType,
  PrimitiveKind,
  PrimitiveType,
  RecordField,
  RecordType,
  ValueType,
} from "./value-type.js";
export { isPrimitiveKind, maxRecordFields, maxTypeDepth, primitiveKinds } from "./value-type.js";
