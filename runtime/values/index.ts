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
  EnumType,
  FlagsType,
  ListType,
  OptionType,
  PrimitiveKind,
  PrimitiveType,
  RecordField,
  RecordType,
  ResultType,
  TupleType,
  ValueType,
  VariantCase,
  VariantType,
} from "./value-type.js";
export {
  isPrimitiveKind,
  maxCases,
  maxFlags,
  maxRecordFields,
  maxTupleElements,
  maxTypeDepth,
  primitiveKinds,
  resultCases,
} from "./value-type.js";
