import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Where the worker entry's compiled JavaScript is. Worker threads cannot load TypeScript, so when
 * this module itself runs from source (the test suite), the compiled copy in dist/ is used.
 */
export function defaultWorkerFile(): string {
  // A CommonJS entry that imports worker.js: see worker-entry.cts for why.
  const beside = new URL("./worker-entry.cjs", import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside.href;
  return new URL("../../dist/runtime/sandbox/worker-entry.cjs", import.meta.url).href;
}
