import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { Wasmflow } from "../../../runtime/wasmflow.js";
import { childOutput } from "../../helpers/child-output.js";
import { spawnUnreaped } from "../../helpers/unreaped.js";
import { childScript, spawnChild } from "./fixtures/child.js";
import { openProject, root } from "./fixtures/project.js";

// Whether a run's process is alive decides whether the run may be resumed. Each engine that owns
// runs holds a lock the kernel drops when its process dies; these tests kill real processes and
// check their runs the moment they are gone — also while the dead process is not yet reaped (its
// parent never waits for it), when its pid still answers a probe.

/** Two fib calls of a fraction of a second each: a run still in its first call when the kill lands. */
const input = { n: 200_000_000 };
const ownerId = /^(\d+):[0-9a-f]{12}:lock$/;
const lockFile = /^\d+-[0-9a-f]{12}\.lock$/;
const ownerChild = fileURLToPath(new URL("./fixtures/owner-child.mjs", import.meta.url));

const lockFiles = (home: string): string[] =>
  existsSync(join(home, "owners")) ? readdirSync(join(home, "owners")).sort() : [];

/** Sets a run's owner straight in the SQLite file: how a run of another process looks. */
function setOwner(home: string, id: string, owner: string): void {
  const db = new Database(join(home, "wasmflow.db"), { fileMustExist: true, timeout: 5000 });
  try {
    expect(db.prepare("UPDATE runs SET owner = ? WHERE id = ?").run(owner, id).changes).toBe(1);
  } finally {
    db.close();
  }
}

describe("a run whose process was killed is resumable as soon as the process is gone", () => {
  test("killed, not yet reaped: interrupted at once, and resumeRuns() resumes it", async () => {
    const { wf, home } = await openProject();
    const child = spawnUnreaped([childScript, JSON.stringify({ home, root, flow: "long", input })]);
    try {
      const [, id] = (await child.printed("stdout", /"type":"step-started"[^}]*"runId":"([^"]+)"/)) as [string, string];
      const pid = await child.pid;
      // Alive: running, and said to be, with the process and owner that run it.
      expect(wf.runs.show(id).status).toBe("running");
      expect(wf.resumeRuns()).toEqual([]);
      const [live] = wf.runs.live();
      expect(live).toEqual({ id, flow: "long", owner: expect.stringMatching(ownerId), pid });
      const [answer] = wf.resumeEach([id]);
      expect(answer).toEqual({ id, error: expect.objectContaining({ code: "RUN_NOT_RESUMABLE" }) });
      const error = answer !== undefined && "error" in answer ? answer.error : undefined;
      expect(error?.message).toBe(
        `run ${id} cannot be resumed: it is running in process ${pid}, which is alive (owner ${live?.owner}), not interrupted`,
      );
      expect(error?.details).toEqual({ id, status: "running", owner: live?.owner, pid });

      process.kill(pid, "SIGKILL");
      await child.gone;
      // Dead, but its parent has not reaped it: the pid is still there for a probe to find.
      expect(() => process.kill(pid, 0)).not.toThrow();

      expect(wf.runs.show(id).status).toBe("interrupted");
      expect(wf.runs.live()).toEqual([]);
      const resumed = wf.resumeRuns();
      expect(resumed.map((run) => run.id)).toEqual([id]);
      expect(await resumed[0]?.result).toMatchObject({ id, status: "succeeded" });
    } finally {
      child.dispose();
      await wf.close();
    }
  });

  test("a pid now used by another process does not keep a run whose owner's lock is gone", async () => {
    const { wf, home } = await openProject();
    // Any live process not of wasmflow stands for one that was given the dead owner's pid.
    const other = spawn("sleep", ["60"], { stdio: "ignore" });
    const otherExit = new Promise((resolve) => other.on("exit", resolve));
    try {
      const killed = await spawnChild({ home, root, flow: "long", input, kill: { type: "step-started" } }).exit;
      expect(killed.signal).toBe("SIGKILL");
      const id = killed.runId as string;
      const pid = other.pid as number;

      setOwner(home, id, `${pid}:${"a".repeat(12)}:lock`);
      expect(wf.runs.show(id).status).toBe("interrupted");

      // An owner stored by a version of wasmflow that took no lock has only its pid to go by.
      setOwner(home, id, `${pid}:${"b".repeat(12)}`);
      expect(wf.runs.show(id).status).toBe("running");
      other.kill("SIGKILL");
      await otherExit;
      expect(wf.runs.show(id).status).toBe("interrupted");
    } finally {
      other.kill("SIGKILL");
      await wf.close();
    }
  });
});

describe("two runtimes in one process", () => {
  test("one sees the other's run running, says so, and does not take it", async () => {
    const { wf, home } = await openProject();
    const other = Wasmflow.open({ home, root });
    try {
      expect(lockFiles(home)).toEqual([]);
      const run = await other.startFlow("long", input);
      // The lock is taken before the first run is written, and held until the runtime closes.
      expect(lockFiles(home)).toEqual([expect.stringMatching(lockFile)]);
      expect(wf.runs.show(run.id).status).toBe("running");
      expect(wf.resumeRuns()).toEqual([]);
      expect(wf.runs.live()).toEqual([
        { id: run.id, flow: "long", owner: expect.stringMatching(ownerId), pid: process.pid },
      ]);
      expect(() => wf.resumeRuns([run.id])).toThrow(
        expect.objectContaining({
          code: "RUN_NOT_RESUMABLE",
          message: expect.stringMatching(/it is running in this process, by another runtime \(owner \S+\)/),
        }),
      );
      expect(() => other.resumeRuns([run.id])).toThrow(
        expect.objectContaining({ message: expect.stringMatching(/it is running in this process, by this runtime/) }),
      );
      expect(await run.result).toMatchObject({ status: "succeeded" });
    } finally {
      await other.close();
      await wf.close();
    }
    // Closed, a runtime leaves no lock file behind.
    expect(lockFiles(home)).toEqual([]);
  });
});

describe("lock files", () => {
  test("a dead owner's file is removed when its run is checked, or else by the next runtime that takes ownership", async () => {
    const { wf, home } = await openProject();
    try {
      // Killed mid-run: its file stays until someone checks the run.
      const midRun = await spawnChild({ home, root, flow: "long", input, kill: { type: "step-started" } }).exit;
      expect(midRun.signal).toBe("SIGKILL");
      expect(lockFiles(home)).toHaveLength(1);
      expect(wf.runs.show(midRun.runId as string).status).toBe("interrupted");
      expect(lockFiles(home)).toEqual([]);

      // Killed after its run finished: no running run leads to its file.
      const finished = await spawnChild({
        home,
        root,
        flow: "long",
        input: { n: 30 },
        kill: { type: "run-completed" },
      }).exit;
      expect(finished.signal).toBe("SIGKILL");
      const [stale] = lockFiles(home);
      expect(stale).toMatch(lockFile);
      expect(wf.runs.list({ status: "running" })).toEqual([]);

      // This runtime's first run takes its lock and sweeps the folder: only its own file is left.
      expect(await wf.runFlow("long", { n: 30 })).toMatchObject({ status: "succeeded" });
      const left = lockFiles(home);
      expect(left).toEqual([expect.stringMatching(lockFile)]);
      expect(left).not.toContain(stale);
    } finally {
      await wf.close();
    }
  });

  test("processes taking ownership at once, while each sweeps the others' files, all succeed", async () => {
    const { wf, home } = await openProject();
    try {
      const claims = 12;
      for (let round = 0; round < 3; round++) {
        const children = Array.from({ length: 8 }, () =>
          childOutput(spawn(process.execPath, [ownerChild, JSON.stringify({ home, claims })])),
        );
        for (const exit of await Promise.all(children)) {
          expect({ signal: exit.signal, stdout: exit.stdout, stderr: exit.stderr }).toEqual({
            signal: "SIGKILL",
            stdout: `${JSON.stringify({ claimed: claims })}\n`,
            stderr: "",
          });
        }
      }
      // Every child died holding half its locks; the next runtime to take ownership sweeps them all.
      expect(lockFiles(home).length).toBeGreaterThan(0);
      expect(await wf.runFlow("long", { n: 30 })).toMatchObject({ status: "succeeded" });
      expect(lockFiles(home)).toEqual([expect.stringMatching(lockFile)]);
    } finally {
      await wf.close();
    }
  }, 120_000);
});
