import { UsageError } from "../../errors/index.js";
import type { CompiledComponent, ComponentEntry } from "../protocol.js";

/** jco's `instantiate` in sync mode: the core modules by name, the imports, and how to instantiate a core module. */
export type InstantiateComponent = (
  getCoreModule: (name: string) => WebAssembly.Module,
  imports: Record<string, unknown>,
  instantiateCore: (module: WebAssembly.Module, imports: WebAssembly.Imports) => WebAssembly.Instance,
) => Record<string, unknown>;

/** A component instance kept across calls (`instance: "reuse"`), with the memories of its core instances. */
export interface ReusedComponent {
  readonly exports: Record<string, unknown>;
  readonly memories: readonly WebAssembly.Memory[];
}

/**
 * A transpiled component ready to run in this thread: its bindings evaluated once, its compiled
 * core modules by name, the entries its calls name (parsed once each), and in reuse mode the kept
 * instance.
 */
export class PreparedComponent {
  readonly hash: string;
  readonly instantiate: InstantiateComponent;
  readonly maximumPages: number;
  reused: ReusedComponent | undefined;
  private readonly cores = new Map<string, WebAssembly.Module>();
  private readonly entries = new Map<string, ComponentEntry>();
  readonly getCoreModule = (name: string): WebAssembly.Module => {
    const module = this.cores.get(name);
    if (module === undefined) throw new TypeError(`the bindings asked for core module ${name}, which was not sent`);
    return module;
  };

  constructor(hash: string, compiled: CompiledComponent) {
    this.hash = hash;
    this.maximumPages = compiled.maximumPages;
    for (const core of compiled.cores) {
      if (!(core.module instanceof WebAssembly.Module)) {
        throw new UsageError(`component ${hash}: core module ${core.name} must be a WebAssembly.Module`);
      }
      this.cores.set(core.name, core.module);
    }
    const module: { exports: { instantiate?: unknown } } = { exports: {} };
    // The bindings were checked for their shape and rewritten on the host (`bindings-source.ts`).
    new Function("module", compiled.bindings)(module);
    if (typeof module.exports.instantiate !== "function") {
      throw new UsageError(`component ${hash}: the bindings define no instantiate function`);
    }
    this.instantiate = module.exports.instantiate as InstantiateComponent;
  }

  /** The entry `text` (a `ComponentEntry` as JSON) stands for. */
  entry(text: string): ComponentEntry {
    let entry = this.entries.get(text);
    if (entry === undefined) {
      entry = JSON.parse(text) as ComponentEntry;
      this.entries.set(text, entry);
    }
    return entry;
  }
}
