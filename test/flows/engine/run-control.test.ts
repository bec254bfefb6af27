import { describe, expect, test } from "vitest";
import type { FlowEvent } from "../../../runtime/flows/index.js";
import type { Wasmflow } from "../../../runtime/wasmflow.js";
import { spawnChild } from "./fixtures/child.js";
import { openProject, root } from "./fixtures/project.js";
import {
  collect,
  expectEventsMatchStore,
  expectValidEventOrder,
  longFibFlow,
  openHarness,
  slug,
  stepOf,
} from "./harness.js";

// The library side of cancel and resume: cancelRun of finished runs, cancelRunNow (what the CLI's
// second Ctrl-C uses), resumeRuns all or nothing, resumeEach one answer per id, and a cancel
// request that outlives the process that made it.

const longFib = 2_147_483_647;
const longFlow = longFibFlow;
const quick = { text: "WebAssembly tasks run in a sandbox", n: 30 };

/** A run of `recover` whose process was SIGKILLed after its first step completed: interrupted. */
async function interruptedRun(home: string): Promise<string> {
  const child = await spawnChild({
    home,
    root,
    flow: "recover",
    input: quick,
    kill: { type: "step-completed", step: "count" },
  }).exit;
  expect(child.signal).toBe("SIGKILL");
  return child.runId as string;
}

const statusOf = (wf: Wasmflow, id: string) => wf.runs.show(id).status;

describe("cancelRun", () => {
  test("a run that succeeded or failed rejects with RUN_FINISHED and is left as it was", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "one-slug",
      input: { text: "string" },
      steps: [slug("only", {}, "input.text")],
      output: { slug: "steps.only.output" },
    });
    const succeeded = await h.wf.runFlow(flow, { text: "A b" });
    const before = h.wf.runs.show(succeeded.id);
    await expect(h.wf.cancelRun(succeeded.id)).rejects.toMatchObject({
      code: "RUN_FINISHED",
      category: "invalid",
      details: { id: succeeded.id, status: "succeeded" },
    });
    expect(h.wf.runs.show(succeeded.id)).toEqual(before);

    const failing = await h.addFlow({
      name: "fails",
      input: { text: "string" },
      steps: [{ id: "bad", task: "flaky", input: { text: "input.text", failRate: 1 }, retry: { maxAttempts: 1 } }],
      output: { text: "steps.bad.output.text" },
    });
    const failed = await h.wf.runFlow(failing, { text: "x" });
    expect(failed.status).toBe("failed");
    await expect(h.wf.cancelRun(failed.id)).rejects.toMatchObject({
      code: "RUN_FINISHED",
      details: { status: "failed" },
    });
  });
});

describe("cancelRunNow", () => {
  test("records the run cancelled in one synchronous write, without waiting for its call to stop", async () => {
    const h = await openHarness();
    const flow = await h.addFlow(longFlow);
    const controller = new AbortController();
    const seen: FlowEvent[] = [];
    const run = await h.wf.startFlow(flow, { n: longFib }, { signal: controller.signal, onEvent: (e) => seen.push(e) });
    await new Promise((resolve) => setTimeout(resolve, 150));

    // A first Ctrl-C, then a second in the same turn: nothing of the first has been committed yet.
    controller.abort();
    expect(h.wf.runs.show(run.id).status).toBe("running");
    const answered = h.wf.cancelRunNow(run.id);
    expect(answered).toMatchObject({ id: run.id, status: "cancelled", error: { code: "CANCELLED" } });

    // Already in the store, before this turn ends.
    const details = h.wf.runs.show(run.id);
    expect(details.status).toBe("cancelled");
    expect(stepOf(details, "fib")).toMatchObject({ status: "cancelled", error: { code: "CANCELLED" } });
    expect(stepOf(details, "fib").attempts).toEqual([
      expect.objectContaining({ attempt: 1, status: "cancelled", durationMs: expect.any(Number) }),
    ]);
    expect(stepOf(details, "label")).toMatchObject({
      status: "cancelled",
      reason: "the run was cancelled before this step started",
      attempts: [],
    });

    // The run ends there: its stopped call adds nothing afterwards, to the store or the events.
    expect(await run.result).toMatchObject({ id: run.id, status: "cancelled" });
    const events = await collect(run.events);
    expect(events).toEqual(seen);
    expectValidEventOrder(events, run.id);
    expectEventsMatchStore(events, details);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.wf.runs.show(run.id)).toEqual(details);
    expect(seen).toHaveLength(events.length);
  });

  test("a run that is not executing here is answered as stored, unchanged", async () => {
    const h = await openHarness();
    const flow = await h.addFlow(longFlow);
    const done = await h.wf.runFlow(flow, { n: 10 });
    expect(h.wf.cancelRunNow(done.id)).toMatchObject({ id: done.id, status: "succeeded" });
    expect(() => h.wf.cancelRunNow("no-such-run")).toThrow(expect.objectContaining({ code: "RUN_NOT_FOUND" }));
  });
});

describe("resume by id", () => {
  test("resumeRuns with ids is all or nothing; resumeEach answers each id on its own", async () => {
    const { wf, home } = await openProject();
    try {
      const [a, b] = [await interruptedRun(home), await interruptedRun(home)];
      const finished = (await wf.runFlow("recover", quick)).id;

      // One bad id: an error, and neither good one was touched.
      expect(() => wf.resumeRuns([a, "no-such-run", b])).toThrow(expect.objectContaining({ code: "RUN_NOT_FOUND" }));
      expect(() => wf.resumeRuns([a, finished])).toThrow(expect.objectContaining({ code: "RUN_NOT_RESUMABLE" }));
      expect([statusOf(wf, a), statusOf(wf, b)]).toEqual(["interrupted", "interrupted"]);

      const answers = wf.resumeEach([a, "no-such-run", a, finished, b]);
      expect(answers.map((answer) => [answer.id, "run" in answer ? "resumed" : answer.error.code])).toEqual([
        [a, "resumed"],
        ["no-such-run", "RUN_NOT_FOUND"],
        [finished, "RUN_NOT_RESUMABLE"],
        [b, "resumed"],
      ]);
      const refused = answers[2];
      expect(refused !== undefined && "error" in refused ? refused.error.details : undefined).toEqual({
        id: finished,
        status: "succeeded",
      });
      for (const answer of answers) {
        if ("run" in answer) expect(await answer.run.result).toMatchObject({ id: answer.id, status: "succeeded" });
      }
      // Running here a moment ago, finished now: either way not resumable.
      expect(wf.resumeEach([a])).toEqual([{ id: a, error: expect.objectContaining({ code: "RUN_NOT_RESUMABLE" }) }]);
    } finally {
      await wf.close();
    }
  });

  test("a run asked to cancel whose process died before recording it is never resumed: it ends cancelled", async () => {
    const { wf, home } = await openProject();
    try {
      const child = await spawnChild({
        home,
        root,
        flow: "recover",
        input: quick,
        cancelThenKill: { type: "step-completed", step: "count" },
      }).exit;
      expect(child.signal).toBe("SIGKILL");
      const id = child.runId as string;

      // The request was committed before the process died; resuming settles the run cancelled.
      expect(wf.resumeEach([id])).toEqual([
        { id, error: expect.objectContaining({ code: "RUN_NOT_RESUMABLE", details: { id, status: "cancelled" } }) },
      ]);
      const details = wf.runs.show(id);
      expect(details.status).toBe("cancelled");
      expect(stepOf(details, "count").status).toBe("succeeded");
      expect(details.steps.filter((step) => step.status === "pending" || step.status === "running")).toEqual([]);
      expect(wf.resumeRuns()).toEqual([]);
    } finally {
      await wf.close();
    }
  });
});
