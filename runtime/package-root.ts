import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/**
 * The folder of the wasmflow package, found by walking up from this file to the package.json
 * named "wasmflow". Every path to a file the package ships (the worker, the guest SDK, the bench
 * suites, package.json) starts here, so the same code works from the source tree, from the
 * compiled `dist/runtime/` and from the single-file bundles in `dist/bundle/`, whose
 * `import.meta.url` is the bundle's own.
 */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && isWasmflowManifest(manifest)) {
      cached = dir;
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`the wasmflow package.json was not found above ${start}`);
  }
}

/** A path inside the package, e.g. `packagePath("dist", "bundle", "worker.cjs")`. */
export function packagePath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}

function isWasmflowManifest(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, "utf8")) as { name?: unknown }).name === "wasmflow";
  } catch {
    return false;
  }
}
