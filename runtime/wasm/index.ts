export { appendCustomSection, withoutLastCustomSection } from "./custom-section.js";
export type { ExportOfKind } from "./find-export.js";
export { findExport } from "./find-export.js";
export type { InspectOptions } from "./inspect.js";
export { inspectDefaults, inspectModule } from "./inspect.js";
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
