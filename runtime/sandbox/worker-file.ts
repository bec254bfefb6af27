import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Where the worker entry's compiled JavaScript is. Worker threads cannot load TypeScript, so when
 * this module itself runs from source (the test suite), the compiled copy in dist/ is used.
 */
export function defaultWorkerFile(): string {
  const beside = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside.href;
  return new URL("../../dist/runtime/sandbox/worker.js", import.meta.url).href;
}
