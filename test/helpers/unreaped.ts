import { spawn } from "node:child_process";

export interface UnreapedProcess {
  /** The Node process's pid (not its parent's). */
  readonly pid: Promise<number>;
  /** Resolves with the first match of `pattern` in what it printed on stdout or stderr. */
  printed(stream: "stdout" | "stderr", pattern: RegExp): Promise<RegExpMatchArray>;
  /**
   * Resolves once its stdout and stderr have both closed. Nothing else holds them, so this is the
   * kernel closing its files as it dies — the process has no exit event this one can see, since it
   * is not this process's child.
   */
  readonly gone: Promise<void>;
  /** Ends it and its parent (which lets the dead one be reaped at last). */
  dispose(): void;
}

/**
 * Runs `node <args>` as the child of a parent that never reaps it: `sh` starts it in the
 * background, prints its pid, then becomes `sleep`, which never calls wait(). Killed, the process
 * stays a zombie until `dispose` — its pid still answers `kill(pid, 0)` — as one does whose parent
 * is slow to reap it, or an orphan under an init that does not reap. That is the window in which a
 * pid probe takes a dead process for a live one.
 */
export function spawnUnreaped(args: readonly string[], options: { cwd?: string } = {}): UnreapedProcess {
  const script = '"$@" & echo "$!" >&2; exec sleep 3600 </dev/null >/dev/null 2>&1';
  const parent = spawn("sh", ["-c", script, "sh", process.execPath, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const text = { stdout: "", stderr: "" };
  const waiting: { stream: "stdout" | "stderr"; pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  const closed = (stream: "stdout" | "stderr") =>
    new Promise<void>((resolve) => {
      parent[stream].on("close", () => resolve());
    });
  const gone = Promise.all([closed("stdout"), closed("stderr")]).then(() => undefined);
  for (const stream of ["stdout", "stderr"] as const) {
    parent[stream].setEncoding("utf8");
    parent[stream].on("data", (chunk: string) => {
      text[stream] += chunk;
      for (const waiter of [...waiting]) {
        const match = waiter.stream === stream ? text[stream].match(waiter.pattern) : null;
        if (match === null) continue;
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    });
  }
  const printed = (stream: "stdout" | "stderr", pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const match = text[stream].match(pattern);
      if (match !== null) {
        resolve(match);
        return;
      }
      waiting.push({ stream, pattern, resolve });
      gone.then(() => reject(new Error(`it ended before printing ${pattern}: ${JSON.stringify(text)}`)));
    });
  // `sh` prints the pid first, before the process itself can print anything.
  const pid = printed("stderr", /^(\d+)\n/).then((match) => Number(match[1]));
  pid.catch(() => {});
  return {
    pid,
    printed,
    gone,
    dispose: () => {
      // The dead process is not reaped until its parent goes: until then its pid is still its own.
      pid.then(killQuietly, () => {}).finally(() => parent.kill("SIGKILL"));
    },
  };
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
