import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { FlowEvent, RunDetails } from "../../dashboard/src/api/wasmflow.js";
import { applyEvents, type RunView, runViewOf, type StepView } from "../../dashboard/src/shape/run-view.js";
import type { StepVisualState } from "../../dashboard/src/shape/step-status.js";
import { collect, type FlowJson, flaky, openHarness, root } from "../flows/engine/harness.js";

type StepDetails = RunDetails["steps"][number];
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event without the fields its history gives it. */
type EventFields = DistributiveOmit<FlowEvent, "runId" | "seq" | "at">;

const runId = "run-1";

/** A stored run with the given steps (pending, no attempts, unless told). */
function detailsOf(status: RunDetails["status"], steps: (Partial<StepDetails> & { id: string })[]): RunDetails {
  return {
    id: runId,
    flow: "demo",
    version: "1.0.0",
    status,
    createdAt: "2030-01-01T00:00:00.000Z",
    definitionHash: "hash",
    input: {},
    pins: {},
    steps: steps.map((step) => ({ task: "slugify@1", status: "pending", attempts: [], ...step })),
  };
}

/** Events numbered from `first` on, as a run's history numbers them. */
function history(fields: readonly EventFields[], first = 1): FlowEvent[] {
  return fields.map((event, index) => ({ ...event, runId, seq: first + index, at: 1_000 + index }) as FlowEvent);
}

/**
 * Each step's states as the events are applied one by one, repeats folded. The starting view is
 * left out: stored details are read after a commit, so they may already be ahead of its events.
 */
function trails(view: RunView, events: readonly FlowEvent[]): Record<string, StepVisualState[]> {
  const seen: Record<string, StepVisualState[]> = {};
  const note = (current: RunView): void => {
    for (const step of Object.values(current.steps)) {
      const trail = seen[step.id] ?? [];
      if (trail.at(-1) !== step.state) trail.push(step.state);
      seen[step.id] = trail;
    }
  };
  let current = view;
  for (const event of events) {
    current = applyEvents(current, [event]);
    note(current);
  }
  return seen;
}

const stepOf = (view: RunView, id: string): StepView => {
  const step = view.steps[id];
  if (step === undefined) throw new Error(`no step ${id}`);
  return step;
};

describe("runViewOf", () => {
  test("stored statuses are the visual states; a step between attempts stays running without an event", () => {
    const attempt = {
      task: "flaky@2",
      moduleHash: "m",
      startedAt: "2030-01-01T00:00:00.010Z",
      finishedAt: "2030-01-01T00:00:00.020Z",
      logs: [],
    };
    const view = runViewOf(
      detailsOf("running", [
        { id: "done", status: "succeeded", arm: 1, attempts: [{ ...attempt, attempt: 1, status: "succeeded" }] },
        {
          id: "waiting",
          status: "running",
          attempts: [
            { ...attempt, attempt: 1, status: "failed", error: { code: "TASK_FAILED", message: "no", details: {} } },
          ],
        },
        { id: "off", status: "skipped", reason: '"done" took another arm' },
        { id: "broken", status: "failed", error: { code: "TIMEOUT", message: "too slow", details: { ms: 5 } } },
        { id: "later" },
      ]),
      7,
    );
    expect(view).toEqual({
      id: runId,
      status: "running",
      lastSeq: 7,
      steps: {
        done: { id: "done", task: "flaky@2", state: "succeeded", attempt: 1, arm: 1 },
        waiting: { id: "waiting", task: "flaky@2", state: "running", attempt: 1 },
        off: { id: "off", task: "slugify@1", state: "skipped", attempt: 0, reason: '"done" took another arm' },
        broken: {
          id: "broken",
          task: "slugify@1",
          state: "failed",
          attempt: 0,
          error: { code: "TIMEOUT", message: "too slow" },
        },
        later: { id: "later", task: "slugify@1", state: "pending", attempt: 0 },
      },
    });
  });
});

describe("applyEvents", () => {
  const twoSteps = () => runViewOf(detailsOf("running", [{ id: "fetch" }, { id: "next" }]), 0);

  test("a retry shows retrying with its backoff and error, then running again, then succeeded", () => {
    const events = history([
      { type: "run-started", flow: "demo", steps: ["fetch", "next"], resumed: false },
      { type: "step-started", step: "fetch", attempt: 1, task: "flaky@1" },
      {
        type: "step-retrying",
        step: "fetch",
        attempt: 1,
        error: { code: "TASK_FAILED", message: "rolled" },
        delayMs: 20,
      },
    ]);
    const waiting = applyEvents(twoSteps(), events);
    expect(stepOf(waiting, "fetch")).toEqual({
      id: "fetch",
      task: "flaky@1",
      state: "retrying",
      attempt: 1,
      error: { code: "TASK_FAILED", message: "rolled" },
      retryInMs: 20,
    });
    const done = applyEvents(
      waiting,
      history(
        [
          { type: "step-started", step: "fetch", attempt: 2, task: "flaky@1" },
          { type: "step-completed", step: "fetch", attempt: 2, durationMs: 3 },
        ],
        4,
      ),
    );
    // The retry's error and backoff belong to the attempt that failed, not to the success.
    expect(stepOf(done, "fetch")).toEqual({ id: "fetch", task: "flaky@1", state: "succeeded", attempt: 2 });
    expect(done.lastSeq).toBe(5);
  });

  test("a branch records its arm; the arms not taken are skipped with their reason", () => {
    const view = runViewOf(detailsOf("running", [{ id: "pick" }, { id: "hi" }, { id: "lo" }]), 0);
    const after = applyEvents(
      view,
      history([
        { type: "run-started", flow: "demo", steps: ["pick", "hi", "lo"], resumed: false },
        { type: "step-started", step: "pick", attempt: 1, task: "slugify@1" },
        { type: "step-completed", step: "pick", attempt: 1, durationMs: 1, arm: 0 },
        { type: "step-skipped", step: "lo", reason: '"pick" took another arm' },
        { type: "step-started", step: "hi", attempt: 1, task: "slugify@1" },
        { type: "step-completed", step: "hi", attempt: 1, durationMs: 1 },
        { type: "run-completed", output: { ok: true } },
      ]),
    );
    expect(after.status).toBe("succeeded");
    expect(stepOf(after, "pick")).toMatchObject({ state: "succeeded", arm: 0 });
    expect(stepOf(after, "lo")).toEqual({
      id: "lo",
      task: "slugify@1",
      state: "skipped",
      attempt: 0,
      reason: '"pick" took another arm',
    });
    expect(stepOf(after, "hi").state).toBe("succeeded");
  });

  test("a failure an onError path handles leaves the run running, and it can still succeed", () => {
    const error = { code: "TASK_FAILED", message: "not an e-mail address" };
    const failed = applyEvents(
      runViewOf(detailsOf("running", [{ id: "profile" }, { id: "explain" }, { id: "greet" }]), 0),
      history([
        { type: "run-started", flow: "demo", steps: ["profile", "explain", "greet"], resumed: false },
        { type: "step-started", step: "profile", attempt: 1, task: "profile@1" },
        { type: "step-failed", step: "profile", attempt: 1, error, handled: true },
        { type: "step-skipped", step: "greet", reason: '"profile" failed' },
      ]),
    );
    expect(failed.status).toBe("running");
    expect(stepOf(failed, "profile")).toEqual({ id: "profile", task: "profile@1", state: "failed", attempt: 1, error });
    const done = applyEvents(
      failed,
      history(
        [
          { type: "step-started", step: "explain", attempt: 1, task: "slugify@1" },
          { type: "step-completed", step: "explain", attempt: 1, durationMs: 1 },
          { type: "run-completed", output: {} },
        ],
        5,
      ),
    );
    expect(done.status).toBe("succeeded");
    expect(stepOf(done, "profile")).toBe(stepOf(failed, "profile"));
  });

  test("a cancel stops the call in flight (CANCELLED) and the steps that never ran (their reason)", () => {
    const view = applyEvents(
      twoSteps(),
      history([
        { type: "run-started", flow: "demo", steps: ["fetch", "next"], resumed: false },
        { type: "step-started", step: "fetch", attempt: 1, task: "fib@1" },
        { type: "step-cancelled", step: "fetch", attempt: 1 },
        { type: "step-cancelled", step: "next", reason: "the run was cancelled before this step ran" },
        { type: "run-cancelled" },
      ]),
    );
    expect(view.status).toBe("cancelled");
    expect(stepOf(view, "fetch")).toEqual({
      id: "fetch",
      task: "fib@1",
      state: "cancelled",
      attempt: 1,
      error: { code: "CANCELLED", message: "the run was cancelled" },
    });
    expect(stepOf(view, "next")).toEqual({
      id: "next",
      task: "slugify@1",
      state: "cancelled",
      attempt: 0,
      reason: "the run was cancelled before this step ran",
    });
  });

  test("events at or before lastSeq are replays and change nothing; untouched steps keep their identity", () => {
    const started = applyEvents(
      twoSteps(),
      history([
        { type: "run-started", flow: "demo", steps: ["fetch", "next"], resumed: false },
        { type: "step-started", step: "fetch", attempt: 1, task: "flaky@1" },
      ]),
    );
    expect(started.lastSeq).toBe(2);
    // A reconnect that replays what was already applied: the very same view comes back.
    expect(
      applyEvents(started, history([{ type: "step-started", step: "fetch", attempt: 1, task: "flaky@1" }], 2)),
    ).toBe(started);
    const completed = applyEvents(
      started,
      history(
        [
          { type: "step-started", step: "fetch", attempt: 1, task: "flaky@1" },
          { type: "step-completed", step: "fetch", attempt: 1, durationMs: 2 },
        ],
        2,
      ),
    );
    expect(completed).not.toBe(started);
    expect(completed.lastSeq).toBe(3);
    expect(stepOf(completed, "fetch").state).toBe("succeeded");
    expect(stepOf(completed, "next")).toBe(stepOf(started, "next"));
    // The input view is left as it was.
    expect(stepOf(started, "fetch").state).toBe("running");
    // A duplicate of an event already applied, even alone in its batch, cannot move the step back.
    expect(applyEvents(completed, history([{ type: "step-started", step: "fetch", attempt: 1, task: "x@1" }], 2))).toBe(
      completed,
    );
  });

  test("a resumed run runs again: its interrupted step waits for its next attempt, settled steps stay", () => {
    const interrupted = runViewOf(
      detailsOf("interrupted", [
        { id: "count", status: "succeeded" },
        {
          id: "fib",
          status: "running",
          attempts: [
            {
              attempt: 1,
              status: "running",
              task: "fib@1",
              moduleHash: "m",
              startedAt: "2030-01-01T00:00:00.010Z",
              logs: [],
            },
          ],
        },
        { id: "label" },
      ]),
      4,
    );
    expect(stepOf(interrupted, "fib").state).toBe("running");
    const resumed = applyEvents(
      interrupted,
      history([{ type: "run-started", flow: "demo", steps: ["count", "fib", "label"], resumed: true }], 5),
    );
    expect(resumed.status).toBe("running");
    expect(stepOf(resumed, "fib")).toEqual({ id: "fib", task: "fib@1", state: "pending", attempt: 1 });
    expect(stepOf(resumed, "count")).toBe(stepOf(interrupted, "count"));
    expect(stepOf(resumed, "label")).toBe(stepOf(interrupted, "label"));
    const finished = applyEvents(
      resumed,
      history(
        [
          { type: "step-started", step: "fib", attempt: 2, task: "fib@1" },
          { type: "step-completed", step: "fib", attempt: 2, durationMs: 5 },
          { type: "step-started", step: "label", attempt: 1, task: "slugify@1" },
          { type: "step-completed", step: "label", attempt: 1, durationMs: 1 },
          { type: "run-completed", output: {} },
        ],
        6,
      ),
    );
    expect(finished.status).toBe("succeeded");
    expect(stepOf(finished, "fib")).toMatchObject({ state: "succeeded", attempt: 2 });
  });

  test("a step no view knew of yet gets one from its first event", () => {
    const view = applyEvents(
      runViewOf(detailsOf("running", []), 0),
      history([{ type: "step-started", step: "late", attempt: 1, task: "slugify@1" }]),
    );
    expect(stepOf(view, "late")).toEqual({ id: "late", task: "slugify@1", state: "running", attempt: 1 });
  });
});

describe("applying a real run's history", () => {
  /**
   * Runs `flow`, keeping the stored details as they were when it started; returns them, its
   * history (read back from the store) and its final details.
   */
  async function realRun(
    h: Awaited<ReturnType<typeof openHarness>>,
    flow: string,
    input?: unknown,
    abortOn?: FlowEvent["type"],
  ) {
    let atStart: RunDetails | undefined;
    const controller = new AbortController();
    const run = await h.wf.startFlow(flow, input, {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === "run-started") atStart = h.wf.runs.show(event.runId);
        if (event.type === abortOn) controller.abort();
      },
    });
    await run.result;
    if (atStart === undefined) throw new Error("no run-started event");
    return { atStart, events: await collect(h.wf.history(run.id)), final: h.wf.runs.show(run.id) };
  }

  /** What the view and the store agree on for each step. */
  const settled = (view: RunView) =>
    Object.fromEntries(
      Object.values(view.steps).map((step) => [
        step.id,
        { state: step.state, attempt: step.attempt, arm: step.arm, reason: step.reason, error: step.error },
      ]),
    );

  function expectHistoryLandsOnStore(atStart: RunDetails, events: FlowEvent[], final: RunDetails): RunView {
    const view = applyEvents(runViewOf(atStart, 0), events);
    const stored = runViewOf(final, events.length);
    expect(view.lastSeq).toBe(events.length);
    expect(view.status).toBe(final.status);
    expect(settled(view)).toEqual(settled(stored));
    // All at once or one by one: the same view.
    expect(events.reduce((current, event) => applyEvents(current, [event]), runViewOf(atStart, 0))).toEqual(view);
    return view;
  }

  const example = (name: string): string => join(root, "flows", `${name}.flow.json`);

  test("flaky-retry, profile-fallback and triage-text end as the store has them", async () => {
    const h = await openHarness();
    for (const name of ["flaky-retry", "profile-fallback", "triage-text"]) await h.wf.addFlow(example(name));

    const retry = await realRun(h, "flaky-retry");
    expectHistoryLandsOnStore(retry.atStart, retry.events, retry.final);
    expect(trails(runViewOf(retry.atStart, 0), retry.events).fetch).toEqual([
      "pending",
      "running",
      "retrying",
      "running",
      "succeeded",
    ]);

    const fallback = await realRun(h, "profile-fallback");
    const view = expectHistoryLandsOnStore(fallback.atStart, fallback.events, fallback.final);
    expect(stepOf(view, "profile")).toMatchObject({ state: "failed", error: { code: "TASK_FAILED" } });
    expect(stepOf(view, "greet")).toMatchObject({ state: "skipped", reason: '"profile" failed' });
    expect(view.status).toBe("succeeded");

    const triage = await realRun(h, "triage-text");
    const branched = expectHistoryLandsOnStore(triage.atStart, triage.events, triage.final);
    expect(stepOf(branched, "score")).toMatchObject({ state: "succeeded", arm: 0 });
    expect([stepOf(branched, "shrug").state, stepOf(branched, "complain").state]).toEqual(["skipped", "skipped"]);
  });

  test("a run cancelled while a step waits to retry ends as the store has it", async () => {
    const h = await openHarness();
    const flow: FlowJson = {
      name: "cancel-in-backoff",
      input: { text: "string" },
      steps: [
        flaky("fetch", 1, { retry: { maxAttempts: 3, initialDelayMs: 10_000, retryOn: ["TASK_FAILED"] } }),
        { id: "after", task: "slugify", after: ["fetch"], input: { text: "'x'" } },
      ],
      output: { slug: "steps.after.output" },
    };
    await h.addFlow(flow);
    const cancelled = await realRun(h, "cancel-in-backoff", { text: "x" }, "step-retrying");
    const view = expectHistoryLandsOnStore(cancelled.atStart, cancelled.events, cancelled.final);
    expect(view.status).toBe("cancelled");
    expect(trails(runViewOf(cancelled.atStart, 0), cancelled.events).fetch).toEqual([
      "pending",
      "running",
      "retrying",
      "cancelled",
    ]);
  });

  test("the history replayed onto the stored view of the finished run lands on the same states", async () => {
    const h = await openHarness();
    await h.wf.addFlow(example("flaky-retry"));
    const { events, final } = await realRun(h, "flaky-retry");
    expectHistoryLandsOnStore(final, events, final);
  });
});
