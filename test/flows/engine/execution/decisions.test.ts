import { describe, expect, test } from "vitest";
import type { JoinRule } from "../../../../runtime/flows/definition/index.js";
import { eventsOfRow } from "../../../../runtime/flows/engine/event-rows.js";
import { ifArm } from "../harness.js";
import { type Answer, execute, type Scenario } from "./harness.js";
import { MemoryRunStore } from "./memory-run-store.js";
import { type Case, joinScenario, rules } from "./scenarios.js";

// The engine's decisions — joins, branches, retries, error paths, cancellation — run through a
// real RunExecution and RunJournal against the in-memory run store and a scripted executor: no
// SQLite, no worker pool. Every expectation is written out by hand from the behaviour the README
// describes; each step is shown as the store has it: `status ×attempts [reason | error code]`.

const ok = "succeeded ×1";
/** [case, rule] → outcome, and the rows of a, b and j (undefined: never decided, no row). */
const expected: Record<Case, Record<JoinRule, { outcome: string; a: string; b: string; j: string | undefined }>> = {
  succeeds: {
    "all-succeeded": { outcome: "succeeded", a: ok, b: ok, j: ok },
    "any-succeeded": { outcome: "succeeded", a: ok, b: ok, j: ok },
    "none-failed": { outcome: "succeeded", a: ok, b: ok, j: ok },
  },
  "succeeds on retry": {
    "all-succeeded": { outcome: "succeeded", a: ok, b: "succeeded ×2", j: ok },
    "any-succeeded": { outcome: "succeeded", a: ok, b: "succeeded ×2", j: ok },
    "none-failed": { outcome: "succeeded", a: ok, b: "succeeded ×2", j: ok },
  },
  // An unhandled failure fails the run at once: nothing more is decided, the join included.
  // Under any-succeeded b's failure is tolerated: the join runs on a alone.
  fails: {
    "all-succeeded": { outcome: "failed TASK_FAILED at b", a: ok, b: "failed ×1 TASK_FAILED", j: undefined },
    "any-succeeded": { outcome: "succeeded", a: ok, b: "failed ×1 TASK_FAILED", j: ok },
    "none-failed": { outcome: "failed TASK_FAILED at b", a: ok, b: "failed ×1 TASK_FAILED", j: undefined },
  },
  // A skipped predecessor never satisfies a join: all-succeeded is skipped; the others run on a.
  "is on an arm not taken": {
    "all-succeeded": {
      outcome: "succeeded",
      a: ok,
      b: 'skipped ×0 the branch of "s" took another arm',
      j: 'skipped ×0 "b" was skipped',
    },
    "any-succeeded": { outcome: "succeeded", a: ok, b: 'skipped ×0 the branch of "s" took another arm', j: ok },
    "none-failed": { outcome: "succeeded", a: ok, b: 'skipped ×0 the branch of "s" took another arm', j: ok },
  },
  // The cancel stops b's call (its attempt recorded cancelled) and settles the join, never started.
  "is cancelled mid-call": Object.fromEntries(
    rules.map((rule) => [
      rule,
      {
        outcome: "cancelled CANCELLED",
        a: ok,
        b: "cancelled ×1 CANCELLED",
        j: "cancelled ×0 the run was cancelled before this step started",
      },
    ]),
  ) as Record<JoinRule, { outcome: string; a: string; b: string; j: string | undefined }>,
};

function describeOutcome(outcome: Awaited<ReturnType<typeof execute>>["outcome"]): string {
  if (outcome.status === "succeeded") return "succeeded";
  const at = "step" in outcome.error && outcome.error.step !== undefined ? ` at ${outcome.error.step}` : "";
  return `${outcome.status} ${outcome.error.code}${at}`;
}

describe("a join after two steps: every join rule × what happens to its second predecessor", () => {
  for (const [which, byRule] of Object.entries(expected) as [Case, (typeof expected)[Case]][]) {
    for (const rule of rules) {
      const want = byRule[rule];
      test(`b ${which}, j ${rule} → ${want.outcome}`, async () => {
        const store = new MemoryRunStore();
        const run = await execute(joinScenario(rule, which), store);
        expect(describeOutcome(run.outcome)).toBe(want.outcome);
        expect({ a: run.steps.a, b: run.steps.b, j: run.steps.j }).toEqual({ a: want.a, b: want.b, j: want.j });
        // Events are numbered from 1 without a gap, and stored exactly as they were emitted.
        expect(run.emitted.map((event) => event.seq)).toEqual(run.emitted.map((_, i) => i + 1));
        expect(store.events("run-1", 0, 1000).flatMap(eventsOfRow)).toEqual(run.emitted);
        expect(run.events[0]).toBe("run-started");
        expect(run.events.at(-1)).toBe(`run-${run.outcome.status === "succeeded" ? "completed" : run.outcome.status}`);
      });
    }
  }
});

describe("retries, error paths, mapping and condition failures, cancellation while waiting", () => {
  const table: {
    name: string;
    scenario: Scenario;
    outcome: string;
    steps: Record<string, string>;
    events?: readonly string[];
    calls?: readonly string[];
  }[] = [
    {
      name: "a retry: the failed attempt is announced, the next one runs under attempt 2",
      scenario: {
        steps: [{ id: "a", input: { n: "input.n" }, retry: { maxAttempts: 3, retryOn: ["TASK_FAILED"] } }],
        script: { a: ["fail", "fail", "ok"] },
      },
      outcome: "succeeded",
      steps: { a: "succeeded ×3" },
      events: [
        "run-started",
        "step-started a#1",
        "step-retrying a#1",
        "step-started a#2",
        "step-retrying a#2",
        "step-started a#3",
        "step-completed a#3",
        "run-completed",
      ],
    },
    {
      name: "retries used up: the step fails with the last attempt's error",
      scenario: {
        steps: [{ id: "a", input: { n: "input.n" }, retry: { maxAttempts: 2, retryOn: ["TASK_FAILED"] } }],
        script: { a: ["fail"] },
      },
      outcome: "failed TASK_FAILED at a",
      steps: { a: "failed ×2 TASK_FAILED" },
      calls: ["a", "a"],
    },
    {
      name: "a code the policy does not retry fails at once",
      scenario: {
        steps: [{ id: "a", input: { n: "input.n" }, retry: { maxAttempts: 3, retryOn: ["TIMEOUT"] } }],
        script: { a: ["fail"] },
      },
      outcome: "failed TASK_FAILED at a",
      steps: { a: "failed ×1 TASK_FAILED" },
      calls: ["a"],
    },
    {
      name: "an error path: the failure is handled, its handler runs, a step after it is skipped",
      scenario: {
        steps: [
          { id: "a", input: { n: "input.n" }, onError: ["h"] },
          { id: "h", input: { n: "1" } },
          { id: "next", after: ["a"], input: { n: "steps.a.output.n" } },
        ],
        script: { a: ["fail"] },
      },
      outcome: "succeeded",
      steps: { a: "failed ×1 TASK_FAILED", h: "succeeded ×1", next: 'skipped ×0 "a" failed' },
    },
    {
      name: "an error path not taken: the handler is skipped when the step succeeds",
      scenario: {
        steps: [
          { id: "a", input: { n: "input.n" }, onError: ["h"] },
          { id: "h", input: { n: "1" } },
        ],
      },
      outcome: "succeeded",
      steps: { a: ok, h: 'skipped ×0 "a" did not fail, so its error path was not taken' },
    },
    {
      name: "an input mapping that cannot be evaluated fails its step without a call",
      scenario: {
        steps: [
          { id: "a", input: { n: "input.n" } },
          { id: "m", after: ["a"], input: { n: "steps.a.output.n / 0" } },
        ],
      },
      outcome: "failed CONDITION_ERROR at m",
      steps: { a: ok, m: "failed ×1 CONDITION_ERROR" },
      calls: ["a"],
    },
    {
      name: "a branch condition that cannot be evaluated fails its step after a successful call",
      scenario: {
        steps: [
          { id: "s", input: { n: "input.n" }, branch: [ifArm("steps.s.output.n / 0 > 1", ["t"])] },
          { id: "t", input: { n: "1" } },
        ],
      },
      outcome: "failed CONDITION_ERROR at s",
      steps: { s: "failed ×1 CONDITION_ERROR" },
    },
    {
      name: "a branch: the first arm whose condition holds runs, the others are skipped",
      scenario: {
        steps: [
          {
            id: "s",
            input: { n: "input.n" },
            branch: [
              ifArm("steps.s.output.n > 100", ["big"]),
              ifArm("steps.s.output.n > 1", ["mid"]),
              { else: ["small"] },
            ],
          },
          { id: "big", input: { n: "1" } },
          { id: "mid", input: { n: "1" } },
          { id: "small", input: { n: "1" } },
        ],
        input: { n: 5 },
      },
      outcome: "succeeded",
      steps: {
        s: ok,
        big: 'skipped ×0 the branch of "s" took another arm',
        mid: ok,
        small: 'skipped ×0 the branch of "s" took another arm',
      },
    },
    {
      name: "the flow's output mapping failing fails the run, with no step to blame",
      scenario: { steps: [{ id: "a", input: { n: "input.n" } }], output: { x: "steps.a.output.n / 0" } },
      outcome: "failed CONDITION_ERROR",
      steps: { a: ok },
    },
    {
      name: "a cancel while a step waits to retry: it is cancelled without another call",
      scenario: {
        steps: [
          {
            id: "a",
            input: { n: "input.n" },
            retry: { maxAttempts: 2, retryOn: ["TASK_FAILED"], initialDelayMs: 60_000, maxDelayMs: 60_000 },
          },
          { id: "b", after: ["a"], input: { n: "1" } },
        ],
        script: { a: ["fail", "ok"] },
        cancelOn: { type: "step-retrying", step: "a" },
      },
      outcome: "cancelled CANCELLED",
      steps: {
        a: "cancelled ×1 the run was cancelled while this step waited to retry",
        b: "cancelled ×0 the run was cancelled before this step started",
      },
      calls: ["a"],
    },
    {
      name: "a cancel as the run starts: nothing waiting is started, calls in flight are stopped",
      scenario: {
        steps: [
          { id: "a", input: { n: "input.n" } },
          { id: "b", after: ["a"], input: { n: "1" } },
        ],
        script: { a: ["hang"] },
        cancelOn: { type: "run-started" },
      },
      outcome: "cancelled CANCELLED",
      steps: {
        a: "cancelled ×1 CANCELLED",
        b: "cancelled ×0 the run was cancelled before this step started",
      },
    },
  ];

  for (const row of table) {
    test(row.name, async () => {
      const store = new MemoryRunStore();
      const run = await execute(row.scenario, store);
      expect(describeOutcome(run.outcome)).toBe(row.outcome);
      expect(run.steps).toEqual(row.steps);
      if (row.events !== undefined) expect(run.events).toEqual(row.events);
      if (row.calls !== undefined) expect(run.calls).toEqual(row.calls);
      expect(store.events("run-1", 0, 1000).flatMap(eventsOfRow)).toEqual(run.emitted);
    });
  }
});

describe("a wide fan-in is decided once", () => {
  test("a join after 1 000 steps runs once they all settled, and is decided only then", async () => {
    const width = 1_000;
    const ids = Array.from({ length: width }, (_, i) => `p${i}`);
    const script: Record<string, Answer[]> = { p7: ["fail"] };
    const scenario: Scenario = {
      steps: [
        ...ids.map((id) => ({ id, input: { n: "input.n" } })),
        { id: "j", after: ids, join: "any-succeeded", input: { n: "1" } },
      ],
      script,
    };
    const run = await execute(scenario, new MemoryRunStore());
    expect(run.outcome.status).toBe("succeeded");
    expect(run.steps.j).toBe(ok);
    expect(run.steps.p7).toBe("failed ×1 TASK_FAILED");
    expect(run.calls.filter((call) => call === "j")).toHaveLength(1);
    expect(run.events.filter((event) => event.startsWith("step-started j"))).toEqual(["step-started j#1"]);
  });
});
