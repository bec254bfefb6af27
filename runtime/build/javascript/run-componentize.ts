import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FoundTool } from "./build-tools.js";
import { componentizeChildSource } from "./componentize-child.js";
import type { EntryModule } from "./failure-entry.js";

/** What one componentize-js run needs: the bundled source, by the name its messages will use. */
export interface ComponentizeJob {
  readonly tool: FoundTool;
  readonly fileName: string;
  readonly bundle: string;
  /** The module componentize-js builds from, beside the bundle it imports. */
  readonly entry: EntryModule;
  readonly witSource: string;
  readonly world: string;
  readonly disableFeatures: readonly string[];
  readonly timeoutMs: number;
}

export type ComponentizeResult =
  | { readonly ok: true; readonly binary: Uint8Array }
  | { readonly ok: false; readonly message: string; readonly timedOut: boolean };

/** Output kept from the child, for a failure's message; wizer can be chatty. */
const maxOutputChars = 16 * 1024;

/**
 * Runs componentize-js on `job` in a child process (see `componentizeChildSource` for why),
 * inside a temporary folder that is removed afterwards whatever happened: the bundle, the job,
 * componentize-js's own work folder and the result all live there.
 */
export async function runComponentize(job: ComponentizeJob): Promise<ComponentizeResult> {
  const folder = await mkdtemp(join(tmpdir(), "wasmflow-componentize-"));
  try {
    const sources = join(folder, "src");
    const scratch = join(folder, "tmp");
    await mkdir(sources);
    await mkdir(scratch);
    await writeFile(join(sources, job.fileName), job.bundle);
    await writeFile(join(sources, job.entry.fileName), job.entry.text);
    const jobPath = join(folder, "job.json");
    await writeFile(
      jobPath,
      JSON.stringify({
        entry: job.tool.entry,
        options: {
          // Relative to the child's working folder, so messages name `index.js:3:7`, not a temporary path.
          sourcePath: job.entry.fileName,
          // Inline rather than `witPath`: the splicer reads files through a WASI shim whose
          // preopens differ between shim versions.
          witWorld: job.witSource,
          worldName: job.world,
          disableFeatures: job.disableFeatures,
        },
      }),
    );
    const exit = await runChild(jobPath, sources, scratch, job.timeoutMs);
    if (exit.timedOut) {
      return { ok: false, timedOut: true, message: `componentize-js did not finish within ${job.timeoutMs} ms` };
    }
    const result = await readResult(join(folder, "result.json"));
    if (result?.ok === true) return { ok: true, binary: await readFile(join(folder, "component.wasm")) };
    const message = result?.message ?? `componentize-js exited with ${exit.status}: ${exit.output.trim()}`;
    return { ok: false, timedOut: false, message };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

interface ChildExit {
  readonly status: string;
  readonly timedOut: boolean;
  readonly output: string;
}

function runChild(jobPath: string, cwd: string, scratch: string, timeoutMs: number): Promise<ChildExit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", componentizeChildSource, jobPath], {
      cwd,
      env: { ...process.env, TMPDIR: scratch },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so a timeout ends wizer too (see componentizeChildSource).
      detached: true,
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      if (output.length < maxOutputChars) output += chunk.toString("utf8").slice(0, maxOutputChars - output.length);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let timedOut = false;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    process.once("exit", killGroup);
    const done = (status: string) => {
      clearTimeout(timer);
      process.off("exit", killGroup);
      resolve({ status, timedOut, output });
    };
    child.once("error", (error) => done(error.message));
    child.once("close", (code, signal) => done(signal ?? `code ${code}`));
  });
}

async function readResult(path: string): Promise<{ ok?: unknown; message?: string } | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as { ok?: unknown; message?: unknown };
    return { ok: parsed.ok, ...(typeof parsed.message === "string" ? { message: parsed.message } : {}) };
  } catch {
    return undefined;
  }
}
