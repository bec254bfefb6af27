export { formatWitFunction, formatWitType } from "./format.js";
export { componentLimits } from "./limits.js";
export { type ComponentReadOptions, readComponentTypes } from "./read-component-types.js";
export type {
  ComponentExport,
  ComponentFunctionExport,
  ComponentImport,
  ComponentInstanceFunction,
  ComponentItemKind,
  ComponentTypes,
  WitAsyncType,
  WitCase,
  WitEnumType,
  WitField,
  WitFlagsType,
  WitFunction,
  WitHandleType,
  WitListType,
  WitOptionType,
  WitParam,
  WitPrimitive,
  WitPrimitiveType,
  WitRecordType,
  WitResultType,
  WitTupleType,
  WitType,
  WitVariantType,
} from "./types.js";
export { witPrimitives } from "./types.js";
