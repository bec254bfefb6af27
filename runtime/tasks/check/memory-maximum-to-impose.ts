import type { ModuleInfo } from "../../wasm/index.js";
import { importedMemories } from "./check-memory.js";

/** The maximum registration wrote into a module's own memory, and what the module had declared. */
export interface ImposedMemoryMaximum {
  /** The maximum the stored module has, in pages: the task's `limits.maxMemoryPages`. */
  readonly pages: number;
  /** The maximum the module declared, in pages; null when it declared none. */
  readonly declared: number | null;
}

/**
 * Modules built from Rust, C, Zig or TinyGo define and export their own memory, often with no
 * maximum: rather than refuse them, registration writes the task's limit into the module as the
 * memory's maximum (`imposeMemoryMaximum`), which bounds it exactly as a declared one would.
 * Returns what to impose, or undefined when the module imports its memory (its provider's limits
 * are checked instead), has none, or declares a maximum within the limit. Called on a module that
 * passed `checkMemories`: one unshared 32-bit memory starting within the limit.
 */
export function memoryMaximumToImpose(info: ModuleInfo, maxPages: number): ImposedMemoryMaximum | undefined {
  const memory = info.memories[0];
  if (memory === undefined || info.memories.length !== 1 || importedMemories(info) > 0) return undefined;
  if (memory.maximum !== undefined && memory.maximum <= maxPages) return undefined;
  return { pages: maxPages, declared: memory.maximum ?? null };
}
