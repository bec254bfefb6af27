export type { InvalidValue, ValueCodec } from "./codec/index.js";
export {
  checkValue,
  compileValueCodec,
  fromJson,
  invalidInputError,
  invalidInputMessage,
  maxIssues,
  plainArgs,
  plainResult,
} from "./codec/index.js";
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
