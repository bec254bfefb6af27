import { inspectModule, type Limits } from "../../runtime/wasm/index.js";

const memoryImports = new WeakMap<WebAssembly.Module, Limits>();

/**
 * Compiles task module bytes, remembering the limits of an imported `env.memory` (built tasks
 * import their memory, and the JS API does not say what limits an import declares).
 */
export function compileTaskModule(bytes: Uint8Array): WebAssembly.Module {
  const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  const memory = inspectModule(bytes).imports.find((i) => i.module === "env" && i.name === "memory");
  if (memory?.kind === "memory") memoryImports.set(module, memory.type);
  return module;
}

/** A memory satisfying the module's `env.memory` import, as the sandbox provides it; undefined when it has none. */
export function hostMemoryFor(module: WebAssembly.Module): WebAssembly.Memory | undefined {
  const limits = memoryImports.get(module);
  if (limits === undefined) return undefined;
  return new WebAssembly.Memory(
    limits.maximum === undefined ? { initial: limits.initial } : { initial: limits.initial, maximum: limits.maximum },
  );
}

/** Like `hostMemoryFor`, for modules known to import their memory. */
export function requireHostMemory(module: WebAssembly.Module): WebAssembly.Memory {
  const memory = hostMemoryFor(module);
  if (memory === undefined) throw new Error("module does not import env.memory");
  return memory;
}
