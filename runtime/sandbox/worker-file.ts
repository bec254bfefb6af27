import { pathToFileURL } from "node:url";
import { packagePath } from "../package-root.js";

/**
 * The file each worker thread runs: the worker bundled into one CommonJS file by `npm run build`
 * (scripts/bundle.mjs). One file loads in a fraction of the time of the ES module graph it is
 * built from, and, being CommonJS, nothing in the thread goes through Node 20's require(esm),
 * which can abort the process when a worker is terminated mid-load.
 * Worker threads cannot load TypeScript, so the test suite uses this compiled file too.
 */
export function defaultWorkerFile(): string {
  return pathToFileURL(packagePath("dist", "bundle", "worker.cjs")).href;
}
