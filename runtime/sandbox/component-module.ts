import { LRUCache } from "lru-cache";
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
  private readonly compiled: LRUCache<string, CompiledComponent, () => Uint8Array>;

  /**
   * Bounded by count and by the size of the core modules compiled: a JavaScript component's is
   * some 12 MB (and its machine code more), so the count alone would let a few dozen such tasks
   * hold gigabytes. Least recently used goes first; a failure is not kept.
   */
  constructor(limits: { readonly maxEntries?: number; readonly maxBytes?: number } = {}) {
    this.compiled = new LRUCache({
      max: limits.maxEntries ?? 64,
      maxSize: limits.maxBytes ?? 256 * 1024 * 1024,
      sizeCalculation: (entry) => Math.max(1, entry.bytes),
      fetchMethod: (key, _stale, { context }) => {
        const [hash, pages] = key.split(":");
        return compile(key, hash ?? "", context, Number(pages));
      },
      // A compile evicted while it runs still answers whoever asked for it.
      ignoreFetchAbort: true,
    });
  }

  async get(hash: string, bytes: () => Uint8Array, maxPages: number): Promise<HostModule> {
    return (await this.compiled.forceFetch(`${hash}:${maxPages}`, { context: bytes })).host;
  }
}

/** A compiled component and the size of the core modules it was compiled from. */
interface CompiledComponent {
  readonly host: HostModule;
  readonly bytes: number;
}

async function compile(
  key: string,
  hash: string,
  bytes: () => Uint8Array,
  maxPages: number,
): Promise<CompiledComponent> {
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
  const size = transpiled.cores.reduce((sum, core) => sum + core.bytes.byteLength, 0);
  return { host: { ref: { hash: key, memory: null, module }, sourceMap: false, codeOffsetShift: 0 }, bytes: size };
}
