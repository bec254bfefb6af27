import { ComponentTranspileError, transpiledComponent } from "../components/index.js";
import { TaskRunError } from "../errors/index.js";
import { imposeMemoryMaximum } from "../wasm/index.js";
import type { HostModule } from "./module-cache.js";

/**
 * Components as the host keeps them for calls: transpiled (from this process, the disk cache, or
 * now — on the host, never in a worker), their core modules compiled with the task's memory
 * maximum imposed on every memory they define. Keyed by the component's hash and that maximum,
 * which is also the key workers know them by: tasks of one component with different limits run
 * different core modules.
 */
export class ComponentModules {
  private readonly compiled = new Map<string, Promise<HostModule>>();

  constructor(private readonly maxEntries = 64) {}

  get(hash: string, bytes: () => Uint8Array, maxPages: number): Promise<HostModule> {
    const key = `${hash}:${maxPages}`;
    const known = this.compiled.get(key);
    if (known !== undefined) return known;
    const pending = compile(key, hash, bytes, maxPages);
    if (this.compiled.size >= this.maxEntries) {
      const oldest = this.compiled.keys().next().value;
      if (oldest !== undefined) this.compiled.delete(oldest);
    }
    this.compiled.set(key, pending);
    pending.catch(() => this.compiled.delete(key));
    return pending;
  }
}

async function compile(key: string, hash: string, bytes: () => Uint8Array, maxPages: number): Promise<HostModule> {
  let transpiled: Awaited<ReturnType<typeof transpiledComponent>>;
  try {
    transpiled = await transpiledComponent(hash, bytes);
  } catch (error) {
    if (!(error instanceof ComponentTranspileError)) throw error;
    throw new TaskRunError("GUEST_PROTOCOL_ERROR", error.message, { reason: error.message }, error);
  }
  const cores = transpiled.cores.map((core) => {
    const bounded = imposeMemoryMaximum(core.bytes, maxPages).bytes;
    return { name: core.name, module: new WebAssembly.Module(bounded as Uint8Array<ArrayBuffer>) };
  });
  const module = { kind: "component", bindings: transpiled.bindings, cores, maximumPages: maxPages } as const;
  return { ref: { hash: key, memory: null, module }, sourceMap: false, codeOffsetShift: 0 };
}
