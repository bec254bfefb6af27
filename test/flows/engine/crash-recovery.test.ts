import { describe, expect, test } from "vitest";
import type { FlowEvent, RunDetails, StepDetails } from "../../../runtime/index.js";
import { Wasmflow } from "../../../runtime/wasmflow.js";
import { type KillPoint, spawnChild } from "./fixtures/child.js";
import { openProject, root } from "./fixtures/project.js";

// A child process runs a flow and SIGKILLs itself at a known commit point (inside the synchronous
// onEvent listener, or a moment after a long call started); this process then resumes the run and
// checks it against an uninterrupted run of the same flow and input.

const text = "WebAssembly tasks run in a sandbox";

interface CrashCase {
  readonly name: string;
  readonly flow: "recover" | "flaky-retry";
  readonly input: Record<string, unknown>;
  /** The child's idempotency key: with one, the run row is committed on its own, then the first steps. */
  readonly key?: string;
  readonly kill: KillPoint;
}

const quick = { text, n: 30 };
const crashCases: readonly CrashCase[] = [
  {
    name: "(e) right after startFlow returned: the run and its first steps are committed",
    flow: "recover",
    input: quick,
    kill: { type: "returned" },
  },
  {
    name: "(e) right after a keyed startFlow returned: the run and its first steps are committed",
    flow: "recover",
    input: quick,
    key: "crash-e",
    kill: { type: "returned" },
  },
  {
    name: "(e) on run-started: the run row and its first steps, no call made",
    flow: "recover",
    input: quick,
    kill: { type: "run-started" },
  },
  {
    name: "(a) on step-started of count, the first step",
    flow: "recover",
    input: quick,
    kill: { type: "step-started", step: "count" },
  },
  {
    name: "(a) on step-started of score, mid-sequence",
    flow: "recover",
    input: quick,
    kill: { type: "step-started", step: "score" },
  },
  {
    name: "(a) on step-started of card, the join",
    flow: "recover",
    input: quick,
    kill: { type: "step-started", step: "card" },
  },
  {
    name: "(b) while fib runs, mid-call",
    flow: "recover",
    // 5e8 iterations: well over a second on a fresh worker (baseline-compiled code), ~0.3 s optimised.
    input: { text, n: 500_000_000 },
    kill: { type: "step-started", step: "fib", delayMs: 300 },
  },
  {
    name: "(c) on step-completed of count",
    flow: "recover",
    input: quick,
    kill: { type: "step-completed", step: "count" },
  },
  {
    name: "(c) on step-completed of score",
    flow: "recover",
    input: quick,
    kill: { type: "step-completed", step: "score" },
  },
  {
    name: "(c) on step-completed of fib, the parallel branch",
    flow: "recover",
    input: quick,
    kill: { type: "step-completed", step: "fib" },
  },
  {
    name: "(c) on step-completed of slug, before the join",
    flow: "recover",
    input: quick,
    kill: { type: "step-completed", step: "slug" },
  },
  {
    name: "(d) flaky-retry: during the retry backoff",
    flow: "flaky-retry",
    input: { text },
    kill: { type: "step-retrying", step: "fetch", attempt: 1 },
  },
  {
    name: "(a) flaky-retry: on step-started of fetch attempt 1",
    flow: "flaky-retry",
    input: { text },
    kill: { type: "step-started", step: "fetch", attempt: 1 },
  },
  {
    name: "(a) flaky-retry: on step-started of fetch attempt 2 (the retry)",
    flow: "flaky-retry",
    input: { text },
    kill: { type: "step-started", step: "fetch", attempt: 2 },
  },
];

/** A sample input per task, for checking that revision 2 of it really is different. */
const samples: Readonly<Record<string, unknown>> = {
  "word-count": { text: "a b" },
  score: { words: 1, vowels: 1 },
  slugify: { text: "A b" },
  flaky: { text: "x", failRate: 0 },
};

/**
 * Registers revision 2 of every task the flows use. For all but fib (a plain export whose core
 * number is not size-checked) revision 2 allows 1 output byte: any run that used it would fail
 * with OUTPUT_TOO_LARGE, so a resumed run that succeeds ran its pinned revisions.
 */
async function registerSecondRevisions(wf: Wasmflow): Promise<void> {
  for (const name of ["word-count", "score", "slugify", "fib", "flaky"]) {
    const task = wf.tasks.get(name);
    const limits = name === "fib" ? task.definition.limits : { ...task.definition.limits, maxOutputBytes: 1 };
    const { task: second } = wf.tasks.register(
      { ...task.definition, version: "2.0.0", description: `${name}, revision 2`, limits },
      wf.tasks.moduleBytes(task),
    );
    expect(second.revision).toBe(2);
    const sample = samples[name];
    if (sample !== undefined) await expect(wf.run(name, sample)).rejects.toMatchObject({ code: "OUTPUT_TOO_LARGE" });
  }
}

function stepOf(details: RunDetails, id: string): StepDetails {
  const step = details.steps.find((s) => s.id === id);
  if (step === undefined) throw new Error(`run ${details.id} has no step "${id}"`);
  return step;
}

/** What the store held at the kill must match the kill point. */
function checkKillPoint(kill: KillPoint, before: RunDetails): void {
  if (kill.type === "returned" || kill.type === "run-started") {
    // startFlow resolves once run-started is emitted, after the run row is committed with the
    // first steps: the roots are running, nothing else began.
    expect(before.steps.map((step) => [step.id, step.status, step.attempts.map((a) => a.status)])).toEqual([
      ["count", "running", ["running"]],
      ["score", "pending", []],
      ["slug", "pending", []],
      ["fib", "running", ["running"]],
      ["card", "pending", []],
    ]);
    return;
  }
  const step = stepOf(before, kill.step as string);
  if (kill.type === "step-started" && kill.delayMs === undefined) {
    const last = step.attempts.at(-1);
    expect(last).toMatchObject({ attempt: kill.attempt ?? 1, status: "running" });
    expect(step.status).toBe("running");
  }
  if (kill.type === "step-started" && kill.delayMs !== undefined) {
    // Killed mid-call: the long call had not finished.
    expect(step.attempts).toEqual([expect.objectContaining({ attempt: 1, status: "running" })]);
  }
  if (kill.type === "step-completed") {
    expect(step.status).toBe("succeeded");
    expect(step.attempts.filter((a) => a.status === "succeeded")).toHaveLength(1);
  }
  if (kill.type === "step-retrying") {
    // The failed attempt is committed; the next one was not started.
    expect(step.status).toBe("running");
    expect(step.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        status: "failed",
        error: expect.objectContaining({ code: "TASK_FAILED" }),
      }),
    ]);
  }
}

/** The guarantees of a resume, from the store as it was at the kill (`before`) and after the resumed run. */
function checkRecovery(before: RunDetails, after: RunDetails, uninterrupted: RunDetails): void {
  expect(after.status).toBe("succeeded");
  expect(after.pins).toEqual(before.pins);
  // Every pin is revision 1 (revision 2 did not exist when the run started).
  for (const pin of Object.values(after.pins)) expect(pin.task).toMatch(/@1$/);
  for (const step of after.steps) {
    const pin = after.pins[step.id];
    const old = stepOf(before, step.id);
    // No step lost: each ends as it did in the uninterrupted run.
    expect({ step: step.id, status: step.status }).toEqual({
      step: step.id,
      status: stepOf(uninterrupted, step.id).status,
    });
    if (step.status === "succeeded") {
      expect(step.attempts.filter((a) => a.status === "succeeded")).toHaveLength(1);
      expect(step.output).toEqual(stepOf(uninterrupted, step.id).output);
    }
    expect(step.attempts.filter((a) => a.status === "running")).toEqual([]);
    // Every attempt, old or new, ran the pinned revision.
    for (const attempt of step.attempts) {
      expect({ step: step.id, task: attempt.task, module: attempt.moduleHash }).toEqual({
        step: step.id,
        task: pin?.task,
        module: pin?.module,
      });
    }
    for (const was of old.attempts) {
      const now = step.attempts.find((a) => a.attempt === was.attempt);
      if (was.status === "running") {
        // Left running by the dead process: now interrupted, and a later attempt succeeded.
        expect(now).toEqual({ ...was, status: "interrupted", finishedAt: expect.any(String) });
        expect(step.attempts.some((a) => a.status === "succeeded" && a.attempt > was.attempt)).toBe(true);
      } else {
        // Finished attempts are history: unchanged, same startedAt.
        expect(now).toEqual(was);
      }
    }
    if (old.status === "succeeded") {
      // A completed step is not executed again.
      expect(step.attempts).toEqual(old.attempts);
      expect(step.output).toEqual(old.output);
    }
  }
}

describe("crash recovery: a child process killed at a commit point, resumed here", () => {
  test.each(crashCases)("$name", async ({ flow, input, key, kill }) => {
    const { wf, home } = await openProject();
    try {
      // The uninterrupted run for comparison, here, while the child runs and dies.
      const [uninterrupted, child] = await Promise.all([
        wf.runFlow(flow, input),
        spawnChild({ home, root, flow, input, kill, ...(key === undefined ? {} : { key }) }).exit,
      ]);
      expect(uninterrupted.status).toBe("succeeded");
      expect({ signal: child.signal, stderr: child.stderr }).toEqual({ signal: "SIGKILL", stderr: "" });
      expect(child.result).toBeUndefined();
      const id = child.runId as string;
      expect(id).toBeDefined();
      if (kill.type !== "returned" && kill.delayMs === undefined) {
        // The kill landed inside the listener of exactly this event.
        expect(child.events.at(-1)).toMatchObject({
          type: kill.type,
          ...(kill.step === undefined ? {} : { step: kill.step }),
          ...(kill.attempt === undefined ? {} : { attempt: kill.attempt }),
        });
      }

      expect(wf.runs.list({ status: "interrupted" }).map((run) => run.id)).toEqual([id]);
      expect(wf.runs.list({ status: "running" })).toEqual([]);
      const before = wf.runs.show(id);
      expect(before.status).toBe("interrupted");
      expect(before.idempotencyKey).toBe(key);
      checkKillPoint(kill, before);

      // New task revisions between the crash and the resume: the run stays on its pins.
      await registerSecondRevisions(wf);

      const events: FlowEvent[] = [];
      const resumed = wf.resumeRuns(undefined, { onEvent: (event) => events.push(event) });
      expect(resumed.map((run) => run.id)).toEqual([id]);
      // Resuming twice: the second call finds nothing (the run is executing here now).
      expect(wf.resumeRuns()).toEqual([]);
      const result = await (resumed[0] as (typeof resumed)[number]).result;
      expect(result).toMatchObject({ id, flow, status: "succeeded", reused: false });
      expect(result.output).toEqual(uninterrupted.output);
      expect(events[0]).toMatchObject({ type: "run-started", runId: id, resumed: true });
      expect(events.at(-1)).toMatchObject({ type: "run-completed" });

      checkRecovery(before, wf.runs.show(id), wf.runs.show(uninterrupted.id));

      // Finished now: nothing to resume, and naming it is refused.
      expect(wf.resumeRuns()).toEqual([]);
      expect(wf.runs.list({ status: "interrupted" })).toEqual([]);
      expect(() => wf.resumeRuns([id])).toThrow(expect.objectContaining({ code: "RUN_NOT_RESUMABLE" }));
    } finally {
      await wf.close();
    }
  });

  test("a run cancelled while interrupted ends cancelled and is never resumed", async () => {
    const { wf, home } = await openProject();
    try {
      const kill: KillPoint = { type: "step-completed", step: "score" };
      const child = await spawnChild({ home, root, flow: "recover", input: quick, kill }).exit;
      expect(child.signal).toBe("SIGKILL");
      const id = child.runId as string;
      const before = wf.runs.show(id);
      expect(before.status).toBe("interrupted");

      const result = await wf.cancelRun(id);
      expect(result).toMatchObject({ id, status: "cancelled", error: { code: "CANCELLED" } });

      const after = wf.runs.show(id);
      expect(after.status).toBe("cancelled");
      expect(after.finishedAt).toBeDefined();
      const attempts = after.steps.flatMap((step) => step.attempts);
      expect(attempts.filter((a) => a.status === "running")).toEqual([]);
      // A finished run has no step still running.
      expect(after.steps.filter((step) => step.status === "running").map((step) => step.id)).toEqual([]);
      // slug was started in the same commit as score's completion: its attempt is interrupted, not
      // run, and the step is cancelled, as is card, which never started.
      const reason = "the run was cancelled while its process was gone";
      expect(stepOf(after, "slug")).toMatchObject({
        status: "cancelled",
        reason,
        attempts: [expect.objectContaining({ attempt: 1, status: "interrupted" })],
      });
      expect(stepOf(after, "card")).toMatchObject({ status: "cancelled", reason, attempts: [] });
      expect(after.steps.filter((step) => step.status === "pending")).toEqual([]);
      // Completed steps keep their history.
      expect(stepOf(after, "count")).toEqual(stepOf(before, "count"));
      expect(stepOf(after, "score")).toEqual(stepOf(before, "score"));

      expect(wf.runs.list({ status: "interrupted" })).toEqual([]);
      expect(wf.resumeRuns()).toEqual([]);
      expect(() => wf.resumeRuns([id])).toThrow(expect.objectContaining({ code: "RUN_NOT_RESUMABLE" }));
      expect(wf.runs.show(id)).toEqual(after);
    } finally {
      await wf.close();
    }
  });

  test("two processes resuming at once: exactly one takes the run, its steps run once", async () => {
    const { wf, home } = await openProject();
    try {
      const uninterrupted = await wf.runFlow("recover", quick);
      const kill: KillPoint = { type: "step-completed", step: "count" };
      const crashed = await spawnChild({ home, root, flow: "recover", input: quick, kill }).exit;
      expect(crashed.signal).toBe("SIGKILL");
      const id = crashed.runId as string;
      const before = wf.runs.show(id);

      const resumers = await Promise.all(
        [spawnChild({ home, root, resume: true }), spawnChild({ home, root, resume: true })].map((c) => c.exit),
      );
      for (const resumer of resumers)
        expect({ code: resumer.code, stderr: resumer.stderr }).toEqual({ code: 0, stderr: "" });
      const resumedIds = resumers.map((resumer) => resumer.resumed);
      expect(resumedIds.flat().sort()).toEqual([id]);
      const winner = resumers.find((resumer) => resumer.resumed?.length === 1);
      expect(winner?.result).toMatchObject({ id, status: "succeeded" });
      // The loser executed nothing.
      expect(resumers.find((resumer) => resumer.resumed?.length === 0)?.events).toEqual([]);

      checkRecovery(before, wf.runs.show(id), wf.runs.show(uninterrupted.id));
    } finally {
      await wf.close();
    }
  });

  test("a second engine in this process does not take a run the first is resuming", async () => {
    const { wf, home } = await openProject();
    const other = Wasmflow.open({ home, root });
    try {
      const kill: KillPoint = { type: "step-started", step: "fib" };
      const child = await spawnChild({ home, root, flow: "recover", input: quick, kill }).exit;
      expect(child.signal).toBe("SIGKILL");
      const id = child.runId as string;
      expect(other.runs.list({ status: "interrupted" }).map((run) => run.id)).toEqual([id]);

      const [resumed] = wf.resumeRuns([id]);
      // Its owner is this (live) process now: to the other engine it is running, not interrupted.
      expect(other.runs.show(id).status).toBe("running");
      expect(other.resumeRuns()).toEqual([]);
      expect(() => other.resumeRuns([id])).toThrow(expect.objectContaining({ code: "RUN_NOT_RESUMABLE" }));
      expect((await resumed?.result)?.status).toBe("succeeded");
      expect(stepOf(wf.runs.show(id), "fib").attempts.map((a) => a.status)).toEqual(["interrupted", "succeeded"]);
    } finally {
      await other.close();
      await wf.close();
    }
  });
});
