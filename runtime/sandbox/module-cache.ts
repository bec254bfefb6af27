import { inspectModule } from "../wasm/index.js";
import type { ModuleRef } from "./protocol.js";

/**
 * Compiled modules by content hash, on the host. Compiling once here and sending the compiled
 * `WebAssembly.Module` to workers (V8 shares the code between threads) means no worker ever
 * compiles, and each receives a module only once.
 */
export class ModuleCache {
  private readonly compiled = new Map<string, ModuleRef>();

  constructor(private readonly maxEntries = 256) {}

  /** The module with its hash and memory limits; the pool sends the compiled module to each worker once. */
  get(hash: string, bytes: () => Uint8Array): ModuleRef {
    const hit = this.compiled.get(hash);
    if (hit !== undefined) return hit;
    const source = bytes();
    const module = new WebAssembly.Module(source as Uint8Array<ArrayBuffer>);
    const memoryImport = inspectModule(source).imports.find((i) => i.module === "env" && i.name === "memory");
    const memory =
      memoryImport?.kind === "memory"
        ? memoryImport.type.maximum === undefined
          ? { initial: memoryImport.type.initial }
          : { initial: memoryImport.type.initial, maximum: memoryImport.type.maximum }
        : null;
    const entry = { hash, memory, module };
    if (this.compiled.size >= this.maxEntries) {
      const oldest = this.compiled.keys().next().value;
      if (oldest !== undefined) this.compiled.delete(oldest);
    }
    this.compiled.set(hash, entry);
    return entry;
  }
}
