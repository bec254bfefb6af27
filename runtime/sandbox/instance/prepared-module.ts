import { memoryImport } from "../../abi/index.js";
import { UsageError } from "../../errors/index.js";
import type { MemoryLimits, ModuleSource } from "./types.js";

const pageBytes = 65_536;
const maxPages = 65_536;

/** An instance kept across calls (`instance: "reuse"`), with the memory it runs in. */
export interface ReusedInstance {
  readonly instance: WebAssembly.Instance;
  readonly memory: WebAssembly.Memory | undefined;
  /** Calls that completed on it; a failure after the first may be caused by what they left. */
  calls: number;
}

/**
 * A compiled module ready to run in this thread, with what its calls reuse: for a module that
 * imports `env.memory`, one memory that is zeroed before each call instead of allocated anew
 * (allocation dominates the cost of a fresh instance); in reuse mode, the kept instance.
 */
export class PreparedModule {
  readonly hash: string;
  readonly module: WebAssembly.Module;
  /** Limits of the `env.memory` import; undefined when the module defines its own memory. */
  readonly importedMemory: ImportedMemoryLimits | undefined;
  /** The maximum known for the guest's memory, in pages, used to recognise running out of it. */
  readonly maximumPages: number | undefined;
  reused: ReusedInstance | undefined;
  private pooled: { memory: WebAssembly.Memory; bytes: Uint8Array } | undefined;

  constructor(source: ModuleSource) {
    if (typeof source.hash !== "string" || source.hash === "") throw new UsageError("module.hash must be a string");
    if (!(source.module instanceof WebAssembly.Module)) {
      throw new UsageError(`module ${source.hash}: module.module must be a WebAssembly.Module`);
    }
    this.hash = source.hash;
    this.module = source.module;
    const imports = WebAssembly.Module.imports(source.module);
    const importsMemory = imports.some(
      (i) => i.kind === "memory" && i.module === memoryImport.module && i.name === memoryImport.name,
    );
    if (importsMemory) {
      this.importedMemory = checkLimits(source.hash, source.memory);
      this.maximumPages = this.importedMemory.maximum;
    } else {
      this.importedMemory = undefined;
      this.maximumPages = undefined;
    }
  }

  /**
   * The memory a fresh instance imports, all zeros and at its declared initial size. A memory a
   * call grew is dropped rather than reused: its size would tell the next call something, and
   * calls would stop being replayable from their input alone.
   */
  freshMemory(): WebAssembly.Memory | undefined {
    const limits = this.importedMemory;
    if (limits === undefined) return undefined;
    const pooled = this.pooled;
    if (pooled !== undefined && pooled.memory.buffer.byteLength === limits.initial * pageBytes) {
      pooled.bytes.fill(0);
      return pooled.memory;
    }
    const memory = newMemory(limits);
    this.pooled = { memory, bytes: new Uint8Array(memory.buffer) };
    return memory;
  }

  /** A memory of its own for a kept instance, which must not share the pooled one. */
  ownMemory(): WebAssembly.Memory | undefined {
    return this.importedMemory === undefined ? undefined : newMemory(this.importedMemory);
  }
}

interface ImportedMemoryLimits {
  readonly initial: number;
  readonly maximum: number;
}

function newMemory(limits: ImportedMemoryLimits): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: limits.initial, maximum: limits.maximum });
}

// The maximum is required: a host-created memory without one could grow to 4 GiB.
function checkLimits(hash: string, limits: MemoryLimits | null): ImportedMemoryLimits {
  if (limits === null || typeof limits !== "object") {
    throw new UsageError(`module ${hash} imports env.memory: module.memory must give its limits`);
  }
  const { initial, maximum } = limits;
  if (!Number.isInteger(initial) || initial < 0 || initial > maxPages) {
    throw new UsageError(`module ${hash}: module.memory.initial must be an integer from 0 to ${maxPages}`);
  }
  if (maximum === undefined || !Number.isInteger(maximum) || maximum < initial || maximum > maxPages) {
    throw new UsageError(`module ${hash}: module.memory.maximum must be an integer from initial to ${maxPages}`);
  }
  return { initial, maximum };
}

/**
 * Prepares a compiled module for calls in this thread. A module that imports `env.memory` needs
 * `source.memory` with its declared limits (Node reports no import types); its calls then share
 * one memory, zeroed before each call.
 *
 * @example
 * const prepared = prepareModule({ hash, module, memory: { initial: 1, maximum: 16 } });
 */
export function prepareModule(source: ModuleSource): PreparedModule {
  return new PreparedModule(source);
}
