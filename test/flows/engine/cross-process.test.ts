import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { type ChildLine, spawnChild } from "./fixtures/child.js";
import { openProject, recoverFlow, root } from "./fixtures/project.js";

// Several processes on one store: a run is cancelled from a process that does not execute it, one
// idempotency key started by four processes at once makes one run, and a key whose run's process
// died names that (interrupted) run.

const input = { text: "WebAssembly tasks run in a sandbox", n: 30 };

/** Counts rows straight from the SQLite file, read-only. */
function count(home: string, sql: string, ...params: unknown[]): number {
  const db = new Database(join(home, "wasmflow.db"), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("flow runs across processes", () => {
  test("a run executing in another process is cancelled from here", async () => {
    const { wf, home } = await openProject();
    try {
      let seen: (id: string) => void = () => {};
      const started = new Promise<string>((resolve) => {
        seen = resolve;
      });
      const onLine = (line: ChildLine): void => {
        if (line.kind === "event" && line.event.type === "step-started" && line.event.step === "first") {
          seen(line.event.runId);
        }
      };
      // fib(2^31 - 1) twice in a row: several seconds of calls, far longer than a cancellation takes.
      const child = spawnChild({ home, root, flow: "long", input: { n: 2_147_483_647 } }, onLine);
      const id = await Promise.race([
        started,
        child.exit.then((exit) => Promise.reject(new Error(`the child ended first: ${JSON.stringify(exit)}`))),
      ]);

      // Alive in the child: neither interrupted nor resumable from here.
      expect(wf.runs.show(id).status).toBe("running");
      expect(wf.runs.list({ status: "interrupted" })).toEqual([]);
      expect(wf.resumeRuns()).toEqual([]);
      expect(() => wf.resumeRuns([id])).toThrow(expect.objectContaining({ code: "RUN_NOT_RESUMABLE" }));

      const result = await wf.cancelRun(id);
      expect(result).toMatchObject({ id, flow: "long", status: "cancelled", error: { code: "CANCELLED" } });

      const exit = await child.exit;
      expect({ code: exit.code, signal: exit.signal, stderr: exit.stderr }).toEqual({
        code: 0,
        signal: null,
        stderr: "",
      });
      expect(exit.result).toMatchObject({ id, status: "cancelled", reused: false, error: { code: "CANCELLED" } });
      expect(exit.events.at(-1)).toMatchObject({ type: "run-cancelled", runId: id });

      const details = wf.runs.show(id);
      expect(details.status).toBe("cancelled");
      const [first, second, label] = details.steps;
      // The call in flight was stopped; nothing after it started, and all of it is cancelled.
      expect(first).toMatchObject({ id: "first", status: "cancelled", error: { code: "CANCELLED" } });
      expect(first?.attempts).toEqual([expect.objectContaining({ attempt: 1, status: "cancelled" })]);
      const notStarted = {
        status: "cancelled",
        reason: "the run was cancelled before this step started",
        attempts: [],
      };
      expect(second).toMatchObject({ id: "second", ...notStarted });
      expect(label).toMatchObject({ id: "label", ...notStarted });
      expect(exit.events.filter((e) => e.type === "step-started").map((e) => e.runId)).toEqual([id]);
    } finally {
      await wf.close();
    }
  });

  test("four processes start the same key at once: one run, executed once", async () => {
    const { wf, home } = await openProject();
    try {
      const key = "order-42";
      const children = Array.from({ length: 4 }, () => spawnChild({ home, root, flow: "recover", input, key }));
      const exits = await Promise.all(children.map((child) => child.exit));
      for (const exit of exits) {
        expect({ code: exit.code, signal: exit.signal, stderr: exit.stderr }).toEqual({
          code: 0,
          signal: null,
          stderr: "",
        });
      }

      const ids = new Set(exits.map((exit) => exit.started?.id));
      expect(ids.size).toBe(1);
      const [id] = [...ids] as [string];
      expect(exits.filter((exit) => exit.started?.reused === false)).toHaveLength(1);
      expect(exits.filter((exit) => exit.started?.reused === true)).toHaveLength(3);
      // Every child sees the same outcome; only the one that started the run executed anything.
      for (const exit of exits) {
        expect(exit.result).toMatchObject({ id, status: "succeeded", reused: exit.started?.reused });
        expect(exit.result?.output).toEqual(exits[0]?.result?.output);
        if (exit.started?.reused === true) expect(exit.events).toEqual([]);
      }

      const runs = wf.runs.list({ flow: "recover" });
      expect(runs).toEqual([expect.objectContaining({ id, idempotencyKey: key, status: "succeeded" })]);
      const details = wf.runs.show(id);
      for (const step of details.steps) {
        expect({ step: step.id, attempts: step.attempts.map((a) => [a.attempt, a.status]) }).toEqual({
          step: step.id,
          attempts: [[1, "succeeded"]],
        });
      }
      expect(count(home, "SELECT count(*) AS n FROM runs")).toBe(1);
      expect(count(home, "SELECT count(*) AS n FROM step_attempts WHERE run_id = ?", id)).toBe(
        recoverFlow.steps.length,
      );
    } finally {
      await wf.close();
    }
  });

  test("a key whose run's process was killed names that interrupted run and executes nothing", async () => {
    const { wf, home } = await openProject();
    try {
      const key = "order-43";
      const killed = await spawnChild({
        home,
        root,
        flow: "recover",
        input,
        key,
        kill: { type: "step-completed", step: "score" },
      }).exit;
      expect(killed.signal).toBe("SIGKILL");
      const id = killed.runId as string;
      const before = wf.runs.show(id);
      expect(before.status).toBe("interrupted");

      const second = await spawnChild({ home, root, flow: "recover", input, key }).exit;
      expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: "" });
      expect(second.started).toEqual({ kind: "started", id, reused: true });
      expect(second.result).toEqual({ id, flow: "recover", status: "interrupted", reused: true });
      expect(second.events).toEqual([]);
      // Nothing was executed or claimed: the store is as the killed process left it.
      expect(wf.runs.show(id)).toEqual(before);
      expect(wf.runs.list({ status: "interrupted" }).map((run) => run.id)).toEqual([id]);

      // Resumed, the run finishes; the key then names the finished run.
      const [resumed] = wf.resumeRuns();
      const result = await resumed?.result;
      expect(result).toMatchObject({ id, status: "succeeded" });
      const third = await spawnChild({ home, root, flow: "recover", input, key }).exit;
      expect(third.result).toMatchObject({ id, status: "succeeded", reused: true });
      expect(third.events).toEqual([]);
      expect(count(home, "SELECT count(*) AS n FROM runs")).toBe(1);
    } finally {
      await wf.close();
    }
  });
});
