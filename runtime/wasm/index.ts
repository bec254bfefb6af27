export * from "./component/index.js";
export { appendCustomSection, withoutLastCustomSection } from "./custom-section.js";
export type { ExportOfKind } from "./find-export.js";
export { findExport } from "./find-export.js";
export type { ImportedMemoryModule, ImportName } from "./import-defined-memory.js";
export { importDefinedMemory } from "./import-defined-memory.js";
export type { ImposedMaximum, MemoryMaximumRewrite } from "./impose-memory-maximum.js";
export { imposeMemoryMaximum } from "./impose-memory-maximum.js";
export type { InspectOptions } from "./inspect.js";
export { inspectDefaults, inspectModule } from "./inspect.js";
export { renameExports } from "./rename-exports.js";
export { formatSignature, signaturesEqual } from "./signature.js";
export type {
  CoreValueType,
  CustomSection,
  ElementSegments,
  ExportEntry,
  ExternalKind,
  FuncSignature,
  GlobalType,
  ImportEntry,
  Limits,
  ModuleInfo,
  TableType,
} from "./types.js";
