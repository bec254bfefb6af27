import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Built components by what they are built from, so an unchanged task costs milliseconds instead
 * of an engine initialisation (seconds). Where build tools keep such things:
 * `<root>/node_modules/.cache/wasmflow/components/`, which `npm ci` and a fresh clone clear.
 * A component is some 12 MB, so each task source has one slot, overwritten when it changes: the
 * cache stays as large as the project's JavaScript tasks. A slot holds the key it was built for,
 * the sha256 of the component, then the component; a slot whose key differs is a miss, and so is
 * one whose bytes do not match their hash (a torn or tampered write).
 */
export function componentCacheFolder(root: string): string {
  return join(root, "node_modules", ".cache", "wasmflow", "components");
}

/** Everything the component depends on: a change to any of it is a different component. */
export interface ComponentInputs {
  readonly bundle: string;
  /** The module componentize-js starts from, around the bundle. */
  readonly entry: string;
  readonly witSource: string;
  readonly world: string;
  readonly componentizeVersion: string;
  readonly disableFeatures: readonly string[];
}

/** Bumped when what the cache holds, or how a key is made, changes. */
const cacheFormat = 2;
const digestBytes = 32;

export function componentCacheKey(inputs: ComponentInputs): Buffer {
  return createHash("sha256")
    .update(JSON.stringify({ cacheFormat, ...inputs }))
    .digest();
}

/** The slot of a task source, named by its path relative to the root. */
export function componentCacheSlot(sourceShown: string): string {
  return `${createHash("sha256").update(sourceShown).digest("hex").slice(0, 24)}.wasm`;
}

export async function readCachedComponent(folder: string, slot: string, key: Buffer): Promise<Uint8Array | undefined> {
  let file: Buffer;
  try {
    file = await readFile(join(folder, slot));
  } catch {
    return undefined;
  }
  if (file.length <= 2 * digestBytes || !file.subarray(0, digestBytes).equals(key)) return undefined;
  const binary = file.subarray(2 * digestBytes);
  const digest = createHash("sha256").update(binary).digest();
  return digest.equals(file.subarray(digestBytes, 2 * digestBytes)) ? new Uint8Array(binary) : undefined;
}

/**
 * Written to a temporary name and renamed into place, so a concurrent build reads either the whole
 * component or none. A cache that cannot be written (read-only checkout) only costs speed.
 */
export async function writeCachedComponent(
  folder: string,
  slot: string,
  key: Buffer,
  binary: Uint8Array,
): Promise<void> {
  const target = join(folder, slot);
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(folder, { recursive: true });
    const digest = createHash("sha256").update(binary).digest();
    await writeFile(temporary, Buffer.concat([key, digest, binary]));
    await rename(temporary, target);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}
