import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { LRUCache } from "lru-cache";
import { bindingsRewriteVersion } from "./bindings-source.js";
import {
  jcoTranspileVersion,
  type TranspiledComponent,
  transpileComponent,
  transpileOptions,
} from "./transpile-component.js";

/**
 * Transpiled components, a derived artifact: rebuilt from the stored component bytes whenever it
 * is missing. Kept in this process by key, and on disk in every folder given to
 * `useComponentCacheFolder` (a store's `cache/components/` beside its database), one folder per key:
 * `meta.json` (the core files' names and sha256), `bindings.js`, the core files. A folder is
 * written under a temporary name and renamed into place, so a reader never sees half of one;
 * a folder whose files do not match their recorded hashes is ignored and rewritten.
 *
 * The key is the component's sha256, and a hash of jco-transpile's version, the options and the
 * version of the rewrite applied to the bindings: the same bytes transpiled by the same tool the
 * same way.
 */
const optionsHash = createHash("sha256")
  .update(JSON.stringify({ version: jcoTranspileVersion, options: transpileOptions, rewrite: bindingsRewriteVersion }))
  .digest("hex")
  .slice(0, 16);

const folders: string[] = [];

/**
 * What this process keeps, bounded by count and by size: a JavaScript component's core module is
 * some 12 MB, so 64 of them would hold most of a gigabyte. Least recently used goes first; a
 * failure is not kept (the next call tries again), and concurrent requests share one transpile.
 */
export const transpiledInProcess = { maxEntries: 64, maxBytes: 256 * 1024 * 1024 } as const;

const inProcess = new LRUCache<string, TranspiledComponent, () => Uint8Array>({
  max: transpiledInProcess.maxEntries,
  maxSize: transpiledInProcess.maxBytes,
  sizeCalculation: transpiledSize,
  fetchMethod: (key, _stale, { context }) => load(key, context),
  // A transpile evicted while it runs still answers whoever asked for it.
  ignoreFetchAbort: true,
});

/** Bytes a transpiled component holds: its core modules, and its bindings at two bytes a character. */
function transpiledSize(transpiled: TranspiledComponent): number {
  return Math.max(
    1,
    transpiled.cores.reduce((sum, core) => sum + core.bytes.byteLength, 0) + transpiled.bindings.length * 2,
  );
}

/** The key of a component's transpiled form: `<component sha256>-<tool and options hash>`. */
export function transpileCacheKey(componentHash: string): string {
  return `${componentHash}-${optionsHash}`;
}

/** Adds a folder transpiled components are read from and written to (idempotent). */
export function useComponentCacheFolder(folder: string): void {
  if (!folders.includes(folder)) folders.push(folder);
}

/**
 * The transpiled form of the component whose sha256 is `hash`: from this process, a cache folder,
 * or transpiled now (and then written to every cache folder).
 * @throws ComponentTranspileError
 */
export function transpiledComponent(hash: string, bytes: () => Uint8Array): Promise<TranspiledComponent> {
  return inProcess.forceFetch(transpileCacheKey(hash), { context: bytes });
}

/** Forgets what this process holds (the disk folders stay): for tests of the disk cache. */
export function forgetTranspiledComponents(): void {
  inProcess.clear();
}

async function load(key: string, bytes: () => Uint8Array): Promise<TranspiledComponent> {
  for (const folder of folders) {
    const cached = await readCached(join(folder, key));
    if (cached !== undefined) return cached;
  }
  const transpiled = await transpileComponent(bytes());
  await Promise.all(folders.map((folder) => writeCached(folder, key, transpiled)));
  return transpiled;
}

interface Meta {
  readonly bindings: string;
  readonly cores: readonly { readonly name: string; readonly sha256: string }[];
}

const safeName = /^[A-Za-z0-9._-]+\.wasm$/;

async function readCached(dir: string): Promise<TranspiledComponent | undefined> {
  try {
    const meta = JSON.parse(await readFile(join(dir, "meta.json"), "utf8")) as Meta;
    const bindings = await readFile(join(dir, "bindings.js"), "utf8");
    if (sha256(bindings) !== meta.bindings) return undefined;
    const cores = [];
    for (const core of meta.cores) {
      if (!safeName.test(core.name)) return undefined;
      const data = new Uint8Array(await readFile(join(dir, core.name)));
      if (sha256(data) !== core.sha256) return undefined;
      cores.push({ name: core.name, bytes: data });
    }
    return { bindings, cores };
  } catch {
    // Absent, unreadable or not what it should be: transpiled again.
    return undefined;
  }
}

/** Best effort: a cache that cannot be written costs a transpile later, never a call. */
async function writeCached(folder: string, key: string, transpiled: TranspiledComponent): Promise<void> {
  const temporary = join(folder, `.${key}.${process.pid}.${randomBytes(6).toString("hex")}`);
  try {
    await mkdir(temporary, { recursive: true });
    const meta: Meta = {
      bindings: sha256(transpiled.bindings),
      cores: transpiled.cores.map((c) => ({ name: c.name, sha256: sha256(c.bytes) })),
    };
    await writeFile(join(temporary, "bindings.js"), transpiled.bindings);
    for (const core of transpiled.cores) await writeFile(join(temporary, core.name), core.bytes);
    await writeFile(join(temporary, "meta.json"), JSON.stringify(meta));
    const target = join(folder, key);
    // A folder already there (another process, or a damaged one) is replaced.
    await rm(target, { recursive: true, force: true });
    await rename(temporary, target);
  } catch {
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
  }
}

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
