import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childOutput } from "./child-output.js";

/** The compiled CLI: `npm test` builds it before vitest starts. */
export const cliPath = fileURLToPath(new URL("../../dist/bundle/cli.mjs", import.meta.url));

export interface CliResult {
  readonly code: number | null;
  /** The signal that ended the process: set only when the timeout killed it. */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (only for `--json` runs). */
  json(): unknown;
}

/** Runs `wasmflow …` as a separate process, as a user would. */
export function cli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
  });
  return {
    code: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    json: () => JSON.parse(result.stdout),
  };
}

/**
 * `cli` without blocking: for commands that must run at the same time as each other, or as a
 * process that holds the store. `uid`/`gid` run it as another user (the caller must be root).
 */
export function cliAsync(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    timeout: 60_000,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  return childOutput(child).then((output) => ({ ...output, json: () => JSON.parse(output.stdout) }));
}
