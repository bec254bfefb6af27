import { memoryImport } from "../abi/index.js";
import { importDefinedMemory, type ModuleInfo } from "../wasm/index.js";

/** A module that defined its memory, recompiled to import it so that its calls use the worker's pooled memory. */
export interface PooledMemoryForm {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** The limits it defined, now those of its `env.memory` import. */
  readonly memory: { readonly initial: number; readonly maximum: number };
  /** How far its code moved: offsets a trap reports in the new bytes, minus this, are offsets in the stored ones. */
  readonly codeOffsetShift: number;
}

/**
 * Modules from Rust, C, Zig or TinyGo define their own memory, and a fresh instance of one
 * allocates and maps a new memory on every call: ~70 µs, where an instance importing `env.memory`
 * takes ~3.5 µs over the worker's pooled one, which is zeroed between calls (allocation dominates
 * the cost of a fresh instance). So such a module is compiled with its memory turned into that
 * import, same limits (`importDefinedMemory`). To the guest nothing differs: every call still gets
 * a memory of its own initial size, all zeros, with the data segments written by instantiation;
 * `memory.size`, `memory.grow` up to the same maximum and failing past it, and the memory export
 * behave as before; a memory a call grew is dropped rather than reused (see `PreparedModule`).
 *
 * Returns undefined — the module is compiled as it is — unless it defines exactly one memory,
 * unshared and 32-bit, with a maximum (registration imposes one): a memory the host creates without
 * one could grow to 4 GiB, and shared or 64-bit ones are not for tasks.
 */
export function pooledMemoryForm(bytes: Uint8Array, info: ModuleInfo): PooledMemoryForm | undefined {
  const memory = info.memories[0];
  if (info.memories.length !== 1 || memory === undefined || memory.maximum === undefined) return undefined;
  if (memory.shared || memory.index64 || info.imports.some((i) => i.kind === "memory")) return undefined;
  const imported = importDefinedMemory(bytes, memoryImport);
  if (imported === undefined) return undefined;
  return {
    bytes: imported.bytes,
    memory: { initial: memory.initial, maximum: memory.maximum },
    codeOffsetShift: imported.codeOffsetShift,
  };
}
