import { access } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BuildError } from "../errors/index.js";

let cached: Promise<string> | undefined;

/**
 * Finds the guest SDK shipped with this package (`guest-sdk/index.ts` at the package root), from
 * wherever this file runs: the source tree or the compiled `dist/`.
 */
export function guestSdkIndex(): Promise<string> {
  cached ??= search(dirname(fileURLToPath(import.meta.url)));
  return cached;
}

async function search(start: string): Promise<string> {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, "guest-sdk", "index.ts");
    try {
      await access(candidate);
      return candidate;
    } catch {
      if (dirname(dir) === dir) {
        cached = undefined;
        throw new BuildError(`the guest SDK (guest-sdk/index.ts) is missing from the wasmflow package above ${start}`);
      }
    }
  }
}
