import { spawn } from "node:child_process";
import { cliPath } from "./cli.js";

export interface CliExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliProcess {
  readonly pid: number | undefined;
  /** Sends a signal, as a terminal does on Ctrl-C (SIGINT). */
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the first stderr line matching `pattern` (its match), or rejects if the process ends first. */
  stderrLine(pattern: RegExp): Promise<RegExpMatchArray>;
  readonly exit: Promise<CliExit>;
}

/**
 * Runs `wasmflow …` as a separate process that the test talks to while it runs: waits for lines it
 * prints on stderr (progress, one line per event when stderr is not a terminal) and signals it.
 */
export function spawnCli(args: readonly string[], options: { cwd?: string } = {}): CliProcess {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiting: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
    for (const waiter of [...waiting]) {
      const match = stderr.match(waiter.pattern);
      if (match === null) continue;
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(match);
    }
  });
  const exit = new Promise<CliExit>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    pid: child.pid,
    kill: (signal) => child.kill(signal),
    stderrLine: (pattern) =>
      new Promise((resolve, reject) => {
        const match = stderr.match(pattern);
        if (match !== null) {
          resolve(match);
          return;
        }
        waiting.push({ pattern, resolve });
        exit.then((ended) =>
          reject(new Error(`the process ended before printing ${pattern}: ${JSON.stringify(ended)}`)),
        );
      }),
    exit,
  };
}
