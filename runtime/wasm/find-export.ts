import type { ExportEntry, ExternalKind, ModuleInfo } from "./types.js";

/** An export entry narrowed to one kind. */
export type ExportOfKind<K extends ExternalKind> = Extract<ExportEntry, { readonly kind: K }>;

/**
 * Finds an export by name, or by name and kind; export names are unique within a module.
 * @example
 * const memory = findExport(info, "memory", "memory"); // ExportOfKind<"memory"> | undefined
 */
export function findExport(info: ModuleInfo, name: string): ExportEntry | undefined;
export function findExport<K extends ExternalKind>(
  info: ModuleInfo,
  name: string,
  kind: K,
): ExportOfKind<K> | undefined;
export function findExport(info: ModuleInfo, name: string, kind?: ExternalKind): ExportEntry | undefined {
  const entry = info.exports.find((e) => e.name === name);
  return kind === undefined || entry?.kind === kind ? entry : undefined;
}
