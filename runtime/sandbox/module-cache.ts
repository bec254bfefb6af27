import { memoryImport as sharedMemory } from "../abi/index.js";
import { sourceMapCaps, sourceMapSection } from "../source-maps/index.js";
import { inspectModule } from "../wasm/index.js";
import { pooledMemoryForm } from "./pooled-memory-form.js";
import type { ModuleRef } from "./protocol.js";

/** A compiled module as the host keeps it. */
export interface HostModule {
  /** What calls carry: the pool sends the compiled module to each worker once. */
  readonly ref: ModuleRef;
  /**
   * The module carries one source map within `sourceMapCaps`, so its failures can be mapped to
   * the task's lines. Known from the sections read here anyway; the map itself is read only
   * when a call fails.
   */
  readonly sourceMap: boolean;
  /**
   * What to take from a guest frame's byte offset to find it in the stored module: non-zero when
   * the module was compiled with its own memory turned into an import (`pooledMemoryForm`).
   */
  readonly codeOffsetShift: number;
}

/**
 * Compiled modules by content hash, on the host. Compiling once here and sending the compiled
 * `WebAssembly.Module` to workers (V8 shares the code between threads) means no worker ever
 * compiles, and each receives a module only once.
 */
export class ModuleCache {
  private readonly compiled = new Map<string, HostModule>();

  constructor(private readonly maxEntries = 256) {}

  /** The module with its hash and memory limits, and whether it carries a usable source map. */
  get(hash: string, bytes: () => Uint8Array): HostModule {
    const hit = this.compiled.get(hash);
    if (hit !== undefined) return hit;
    const source = bytes();
    const info = inspectModule(source);
    const pooled = pooledMemoryForm(source, info);
    const module = new WebAssembly.Module((pooled?.bytes ?? source) as Uint8Array<ArrayBuffer>);
    const memoryImport = info.imports.find((i) => i.module === sharedMemory.module && i.name === sharedMemory.name);
    const memory =
      pooled !== undefined
        ? pooled.memory
        : memoryImport?.kind === "memory"
          ? memoryImport.type.maximum === undefined
            ? { initial: memoryImport.type.initial }
            : { initial: memoryImport.type.initial, maximum: memoryImport.type.maximum }
          : null;
    // More than one map is no map: which would be the module's?
    const maps = info.customSections.filter((s) => s.name === sourceMapSection);
    const sourceMap = maps.length === 1 && (maps[0]?.data.byteLength ?? 0) <= sourceMapCaps.maxBytes;
    const entry = { ref: { hash, memory, module }, sourceMap, codeOffsetShift: pooled?.codeOffsetShift ?? 0 };
    if (this.compiled.size >= this.maxEntries) {
      const oldest = this.compiled.keys().next().value;
      if (oldest !== undefined) this.compiled.delete(oldest);
    }
    this.compiled.set(hash, entry);
    return entry;
  }
}
