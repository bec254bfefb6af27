import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** What the package's own package.json says, as far as the runtime needs it. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
}

let found: { readonly root: string; readonly manifest: PackageManifest } | undefined;

/**
 * The folder of the wasmflow package, found by walking up from this file to the package.json
 * named "wasmflow". Every path to a file the package ships (the worker, the guest SDK, the bench
 * suites, package.json) starts here, so the same code works from the source tree, from the
 * compiled `dist/runtime/` and from the single-file bundles in `dist/bundle/`, whose
 * `import.meta.url` is the bundle's own.
 */
export function packageRoot(): string {
  return locate().root;
}

/** The package's manifest, read once while finding the package root (the CLI's `--version`). */
export function packageManifest(): PackageManifest {
  return locate().manifest;
}

/** A path inside the package, e.g. `packagePath("dist", "bundle", "worker.cjs")`. */
export function packagePath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}

function locate(): { readonly root: string; readonly manifest: PackageManifest } {
  if (found !== undefined) return found;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = readManifest(join(dir, "package.json"));
    if (manifest?.name === "wasmflow") {
      found = { root: dir, manifest };
      return found;
    }
    if (dirname(dir) === dir) throw new Error(`the wasmflow package.json was not found above ${start}`);
  }
}

function readManifest(path: string): PackageManifest | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as PackageManifest;
  } catch {
    return undefined;
  }
}
