/**
 * The program the build's child process runs (as `node --input-type=module -e`, so it needs no
 * file of its own in either the source tree or `dist/`). It reads the job from the file named by
 * its one argument, runs componentize-js, and leaves `component.wasm` and `result.json` beside
 * the job. Why a child process at all:
 * - componentize-js runs wizer with `spawnSync`: in-process that would block the caller's event
 *   loop for the whole build, and a task whose top-level code loops forever would hang it;
 * - it makes its work folder under `os.tmpdir()` and leaves it behind when the WIT or the source
 *   is refused: the child's TMPDIR points into a folder the parent removes whatever happens;
 * - wizer writes to the inherited stdout, which would interleave with the CLI's own output;
 * - it takes some 780 MB at its peak, which the parent gets back when the child exits.
 *
 * Two more things it does:
 * - componentize-js 0.23.0 imports `@bytecodealliance/preview2-shim` without declaring it (a
 *   development dependency only), so whether it loads depends on how npm happened to hoist the
 *   dependency tree. A resolve hook retries that import from `@bytecodealliance/jco`, which
 *   componentize-js depends on and which declares the shim.
 * - The child runs in its own process group, so the parent can kill it together with wizer; a
 *   watchdog thread kills that group when the parent goes away (its parent process changes), as
 *   the main thread sits blocked in `spawnSync`.
 */
export const componentizeChildSource = `
import { createRequire, register } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

const jobPath = process.argv[1];
const folder = dirname(jobPath);
const job = JSON.parse(readFileSync(jobPath, "utf8"));
const finish = (result) => writeFileSync(join(folder, "result.json"), JSON.stringify(result));

const watchdog =
  'import { workerData } from "node:worker_threads";' +
  'setInterval(() => { if (process.ppid !== workerData) process.kill(-process.pid, "SIGKILL"); }, 500);';
new Worker(new URL("data:text/javascript," + encodeURIComponent(watchdog)), { workerData: process.ppid }).unref();

try {
  const jco = createRequire(job.entry).resolve("@bytecodealliance/jco");
  const hook =
    "export async function resolve(specifier, context, next) {" +
    "  try { return await next(specifier, context); } catch (error) {" +
    "    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !specifier.startsWith('@bytecodealliance/preview2-shim')) throw error;" +
    "    return next(specifier, { ...context, parentURL: " + JSON.stringify(pathToFileURL(jco).href) + " });" +
    "  }" +
    "}";
  register("data:text/javascript," + encodeURIComponent(hook));
  const { componentize } = await import(pathToFileURL(job.entry).href);
  const { component, imports } = await componentize(job.options);
  writeFileSync(join(folder, "component.wasm"), component);
  finish({ ok: true, imports });
} catch (error) {
  finish({ ok: false, message: String(error?.message ?? error) });
}
`;
