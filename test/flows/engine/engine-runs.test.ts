import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { FlowEvent, FlowRunResult, RunDetails, StartFlowOptions } from "../../../runtime/flows/index.js";
import { loadTaskDefinition } from "../../../runtime/tasks/index.js";
import {
  collect,
  expectEventsMatchStore,
  expectValidEventOrder,
  type FlowJson,
  flaky,
  type Harness,
  ifArm,
  longFibFlow,
  openHarness,
  root,
  slug,
  stepOf,
} from "./harness.js";

/** fib(2^31 - 1) loops for seconds: long enough to time out or to be cancelled mid-call. */
const longFib = 2_147_483_647;

/** The score task's formula (tasks/score/index.ts), to derive expected scores from word and vowel counts. */
const scoreOf = (words: number, vowels: number): number =>
  words === 0 ? 0 : Math.max(0, 1 - Math.abs(vowels / words - 1.5) / 1.5);

interface Executed {
  readonly id: string;
  readonly result: FlowRunResult;
  readonly events: FlowEvent[];
  readonly details: RunDetails;
}

/**
 * Runs a flow to its end and checks what every run must satisfy: `onEvent` saw exactly the events
 * `events` replays, they come in a valid order, they match what the store kept, and the store's
 * status and error are the result's.
 */
async function execute(h: Harness, flow: string, input?: unknown, options: StartFlowOptions = {}): Promise<Executed> {
  const seen: FlowEvent[] = [];
  const run = await h.wf.startFlow(flow, input, {
    ...options,
    onEvent: (event) => {
      seen.push(event);
      options.onEvent?.(event);
    },
  });
  const [result, events] = await Promise.all([run.result, collect(run.events)]);
  expect(events).toEqual(seen);
  expectValidEventOrder(events, run.id);
  const details = h.wf.runs.show(run.id);
  expectEventsMatchStore(events, details);
  expect(details.status).toBe(result.status);
  expect(details.error).toEqual(result.error);
  return { id: run.id, result, events, details };
}

const example = (name: string): string => join(root, "flows", `${name}.flow.json`);

async function addExample(h: Harness, name: string): Promise<void> {
  await h.wf.addFlow(example(name));
}

const statuses = (details: RunDetails): Record<string, string> =>
  Object.fromEntries(details.steps.map((step) => [step.id, step.status]));

describe("the example flows", () => {
  // Expected outputs, worked out from the tasks on each flow's `initial` input:
  const expectedOutputs: Record<string, Record<string, unknown>> = {
    // "WebAssembly tasks run in a sandbox": 6 words, 9 vowels → 1.5 per word → score 1, "high".
    "score-text": { words: 6, score: 1, label: "high", slug: "high" },
    // "Hello wide world": 3 words, 5 vowels → score 1 - (5/3 - 1.5)/1.5 = 0.888… ≥ 0.75 → "high".
    "triage-text": { score: scoreOf(3, 5), label: "high" },
    // 3 words; slug parallel-steps-join; 20 + 22 = 42; fib(30) = 832040; the card title-cases the name.
    "text-card": {
      displayName: "Parallel Steps Join",
      domain: "parallel-steps-join.example.org",
      tags: ["3", "42", "832040"],
    },
    // Attempt 1 rolls 0.094 < 0.3 and fails; attempt 2 rolls 0.504 and succeeds; the text has 5 words.
    "flaky-retry": { words: 5, roll: expect.closeTo(0.504, 3) },
    // The profile step fails (no '@'); its handler runs; the output only reads the slug.
    "profile-fallback": { slug: "ada-lovelace" },
    // fib(40) = 102334155, labelled and slugified.
    "retry-fib": { value: 102_334_155, label: "fib-102334155" },
    // slugify (AssemblyScript) → rot13 (C) twice; the cipher "gnfxf-sebz-nal-gbbypunva" has 4 vowels.
    "cipher-slug": {
      slug: "tasks-from-any-toolchain",
      cipher: "gnfxf-sebz-nal-gbbypunva",
      deciphered: "tasks-from-any-toolchain",
      roundTrips: true,
      cipherVowels: 4,
    },
    // title-case (a JavaScript component) → slugify; char-classes (an AssemblyScript component): 32
    // letters and 1 digit in "components from 2 languages in one flow"; word-count agrees on 7 words.
    "text-profile": {
      title: "Components From 2 Languages In One Flow",
      slug: "components-from-2-languages-in-one-flow",
      dominant: "letters",
      letters: 32,
      digits: 1,
      first: "c",
      wordsAgree: true,
    },
  };

  test("every flow in flows/ has an expected output here", () => {
    const names = readdirSync(join(root, "flows"))
      .filter((file) => file.endsWith(".flow.json"))
      .map((file) => file.slice(0, -".flow.json".length));
    expect(names.sort()).toEqual(Object.keys(expectedOutputs).sort());
  });

  test.each(Object.entries(expectedOutputs))(
    "%s runs on its initial input to the expected output",
    async (name, output) => {
      const h = await openHarness();
      await addExample(h, name);
      const { result, details } = await execute(h, name);
      expect(result).toMatchObject({ flow: name, status: "succeeded", reused: false });
      expect(result.output).toEqual(output);
      expect(details.revision).toBe(1);
      expect(details.input).toEqual(JSON.parse(readFileSync(example(name), "utf8")).initial);
    },
  );

  test("a sequence passes each step's output to the next step's input (score-text)", async () => {
    const h = await openHarness();
    await addExample(h, "score-text");
    const { details, events } = await execute(h, "score-text", { text: "one two three" });
    // 3 words; vowels: "one" o, e; "two" o; "three" e, e → 5.
    expect(stepOf(details, "count").output).toEqual({ words: 3, vowels: 5 });
    expect(stepOf(details, "score").attempts[0]?.input).toEqual({ words: 3, vowels: 5 });
    expect(stepOf(details, "score").output).toEqual({ score: scoreOf(3, 5), label: "high" });
    expect(stepOf(details, "slug").attempts[0]?.input).toEqual({ text: "high" });
    // Strictly one after the other: each step starts only after the previous one completed.
    expect(events.filter((e) => e.type !== "run-started").map((e) => `${e.type}:${"step" in e ? e.step : ""}`)).toEqual(
      [
        "step-started:count",
        "step-completed:count",
        "step-started:score",
        "step-completed:score",
        "step-started:slug",
        "step-completed:slug",
        "run-completed:",
      ],
    );
    // The word-count task logs a line; the attempt keeps it.
    expect(stepOf(details, "count").attempts[0]?.logs.map((log) => log.message)).toEqual(["3 words, 5 vowels"]);
  });

  describe("if / else if / else (triage-text) takes exactly one arm", () => {
    const notTaken = 'the branch of "score" took another arm';
    test.each([
      // "Hello wide world": score 0.89 ≥ 0.75.
      ["Hello wide world", 0, "celebrate", "great-text", scoreOf(3, 5), "high"],
      // "hello": 1 word, 2 vowels → score 2/3, in [0.4, 0.75).
      ["hello", 1, "shrug", "fine-text", scoreOf(1, 2), "medium"],
      // "xyz": no vowels → score 0.
      ["xyz", 2, "complain", "poor-text", 0, "low"],
    ] as const)("%s → arm %i (%s)", async (text, arm, taken, slugged, score, label) => {
      const h = await openHarness();
      await addExample(h, "triage-text");
      const { result, details } = await execute(h, "triage-text", { text });
      expect(result.status).toBe("succeeded");
      expect(result.output).toEqual({ score, label });
      expect(stepOf(details, "score").arm).toBe(arm);
      for (const id of ["celebrate", "shrug", "complain"]) {
        const step = stepOf(details, id);
        if (id === taken) {
          expect(step).toMatchObject({ status: "succeeded", output: slugged });
        } else {
          expect(step).toMatchObject({ status: "skipped", reason: notTaken, attempts: [] });
        }
      }
      // none-failed: the two skipped arms do not stop the join.
      expect(stepOf(details, "report")).toMatchObject({ status: "succeeded", output: { tags: [label] } });
      expect(stepOf(details, "fallback")).toMatchObject({
        status: "skipped",
        reason: '"report" did not fail, so its error path was not taken',
      });
    });
  });

  test("a parallel fan-out runs its four roots before the join, which sees all their outputs (text-card)", async () => {
    const h = await openHarness();
    await addExample(h, "text-card");
    const { events, details } = await execute(h, "text-card", { title: "Fan out", a: -5, b: 7, n: 10 });
    const cardStart = events.findIndex((e) => e.type === "step-started" && e.step === "card");
    for (const root of ["count", "slug", "sum", "fib"]) {
      const started = events.findIndex((e) => e.type === "step-started" && e.step === root);
      const completed = events.findIndex((e) => e.type === "step-completed" && e.step === root);
      expect(started).toBeLessThan(cardStart);
      expect(completed).toBeLessThan(cardStart);
    }
    // The four roots all start before any of them completes: they are launched together.
    const firstCompletion = events.findIndex((e) => e.type === "step-completed");
    expect(events.slice(1, firstCompletion).filter((e) => e.type === "step-started")).toHaveLength(4);
    // 2 words, -5 + 7 = 2, fib(10) = 55; the join's input is built from all four outputs.
    expect(stepOf(details, "card").attempts[0]?.input).toEqual({
      name: "Fan out",
      email: "team@fan-out.example.org",
      tags: ["2", "2", "55"],
      age: null,
    });
    expect(details.output).toEqual({ displayName: "Fan Out", domain: "fan-out.example.org", tags: ["2", "55"] });
  });

  test("an onError handler reads the failed step's error message and the run succeeds (profile-fallback)", async () => {
    const h = await openHarness();
    await addExample(h, "profile-fallback");
    const { result, events, details } = await execute(h, "profile-fallback");
    expect(result).toMatchObject({ status: "succeeded", output: { slug: "ada-lovelace" } });
    const message = '"not-an-address" is not an e-mail address';
    expect(stepOf(details, "profile")).toMatchObject({
      status: "failed",
      error: { code: "TASK_FAILED", message },
      attempts: [{ attempt: 1, status: "failed" }],
    });
    expect(stepOf(details, "explain").attempts[0]?.input).toEqual({ text: message });
    expect(stepOf(details, "explain").output).toBe("not-an-address-is-not-an-e-mail-address");
    expect(stepOf(details, "greet")).toMatchObject({ status: "skipped", reason: '"profile" failed' });
    expect(events.find((e) => e.type === "step-failed")).toMatchObject({ step: "profile", handled: true });
  });
});

describe("join rules, end to end", () => {
  /** pick slugifies the input and branches on it: 'go' → hi, anything else → lo. */
  const pick = slug("pick", { branch: [ifArm("steps.pick.output == 'go'", ["hi"]), { else: ["lo"] }] }, "input.text");
  const branchy = (name: string, more: Record<string, unknown>[], output: FlowJson = { ok: "true" }): FlowJson => ({
    name,
    input: { text: "string" },
    steps: [pick, slug("hi", {}, "'hi'"), slug("lo", {}, "'lo'"), ...more],
    output,
  });

  test("none-failed after a branch with one arm skipped runs", async () => {
    const h = await openHarness();
    const flow = await h.addFlow(
      branchy("none-failed-join", [slug("join", { after: ["hi", "lo"], join: "none-failed" })]),
    );
    for (const text of ["go", "stop"]) {
      const { result, details } = await execute(h, flow, { text });
      expect(result.status).toBe("succeeded");
      expect(statuses(details)).toEqual({
        pick: "succeeded",
        hi: text === "go" ? "succeeded" : "skipped",
        lo: text === "go" ? "skipped" : "succeeded",
        join: "succeeded",
      });
    }
  });

  test("all-succeeded after a skipped arm is skipped, and the skip propagates", async () => {
    const h = await openHarness();
    const flow = await h.addFlow(
      branchy("all-succeeded-join", [slug("join", { after: ["hi"] }), slug("later", { after: ["join"] })]),
    );
    const { result, details } = await execute(h, flow, { text: "stop" });
    expect(result.status).toBe("succeeded");
    expect(stepOf(details, "join")).toMatchObject({ status: "skipped", reason: '"hi" was skipped' });
    expect(stepOf(details, "later")).toMatchObject({ status: "skipped", reason: '"join" was skipped' });
    const taken = await execute(h, flow, { text: "go" });
    expect(statuses(taken.details)).toMatchObject({ join: "succeeded", later: "succeeded", lo: "skipped" });
  });

  test("any-succeeded with one failing predecessor runs, and the run succeeds", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "any-one-fails",
      input: { text: "string" },
      steps: [
        flaky("bad", 1),
        slug("good", {}, "input.text"),
        slug("join", { after: ["bad", "good"], join: "any-succeeded" }, "steps.good.output"),
      ],
      output: { join: "steps.join.output" },
    });
    const { result, events, details } = await execute(h, flow, { text: "Still Fine" });
    expect(result).toMatchObject({ status: "succeeded", output: { join: "still-fine" } });
    expect(stepOf(details, "bad")).toMatchObject({ status: "failed", error: { code: "TASK_FAILED" } });
    expect(events.find((e) => e.type === "step-failed")).toMatchObject({ step: "bad", handled: true });
  });

  test("any-succeeded with every predecessor failing fails the run with the first failure's error", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "any-all-fail",
      input: { text: "string" },
      steps: [
        flaky("first", 1),
        // Fails too, but only after a retry: its failure comes second.
        flaky("second", 1, { retry: { maxAttempts: 2, initialDelayMs: 30, retryOn: ["TASK_FAILED"] } }),
        slug("join", { after: ["first", "second"], join: "any-succeeded" }),
        slug("after_join", { after: ["join"] }),
      ],
      output: { ok: "true" },
    });
    const { result, details } = await execute(h, flow, { text: "x" });
    expect(result.status).toBe("failed");
    expect(result.error).toMatchObject({ step: "first", code: "TASK_FAILED" });
    expect(result.error?.message).toContain("transient failure");
    expect(stepOf(details, "second").attempts.map((a) => a.status)).toEqual(["failed", "failed"]);
    expect(stepOf(details, "join")).toMatchObject({
      status: "skipped",
      reason: 'none of its predecessors succeeded ("first" failed)',
    });
    expect(stepOf(details, "after_join").status).not.toBe("succeeded");
  });

  // Regression: a root step whose join was any-succeeded or none-failed used to be skipped; see join-rules.test.ts.
  test.each(["any-succeeded", "none-failed"])("a root step with join %s runs", async (join) => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "root-join",
      input: { text: "string" },
      steps: [slug("only", { join }, "input.text")],
      output: { only: "steps.only.output" },
    });
    const { result } = await execute(h, flow, { text: "Root Step" });
    expect(result).toMatchObject({ status: "succeeded", output: { only: "root-step" } });
  });
});

describe("failures", () => {
  test("an unhandled failure fails the run: error.step and TASK_FAILED, later steps never run", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "unhandled",
      input: { text: "string" },
      steps: [
        flaky("fetch", 1),
        slug("sibling", {}, "input.text"),
        slug("next", { after: ["fetch"] }),
        slug("last", { after: ["next", "sibling"] }),
      ],
      output: { next: "steps.next.output" },
    });
    const { result, details } = await execute(h, flow, { text: "x" });
    expect(result.status).toBe("failed");
    expect(result.output).toBeUndefined();
    expect(result.error).toMatchObject({ step: "fetch", code: "TASK_FAILED" });
    expect(result.error?.message).toMatch(/^transient failure: rolled 0\.09\d+ below 1\.0$/);
    expect(details.error).toEqual(result.error);
    expect(details.output).toBeUndefined();
    expect(stepOf(details, "fetch")).toMatchObject({ status: "failed", attempts: [{ status: "failed" }] });
    // A step already running when the failure came finishes; nothing new starts.
    expect(stepOf(details, "sibling").status).toBe("succeeded");
    for (const id of ["next", "last"]) {
      expect(["pending", "skipped"]).toContain(stepOf(details, id).status);
      expect(stepOf(details, id).attempts).toEqual([]);
    }
    expect(h.wf.runs.list({ flow })).toEqual([expect.objectContaining({ status: "failed", error: result.error })]);
  });

  test("a step failing with a code its retry policy does not list is not retried", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "not-retried",
      input: { text: "string" },
      steps: [flaky("fetch", 1, { retry: { maxAttempts: 5, initialDelayMs: 1, retryOn: ["TIMEOUT"] } })],
      output: { ok: "true" },
    });
    const { result, events, details } = await execute(h, flow, { text: "x" });
    expect(result.error).toMatchObject({ step: "fetch", code: "TASK_FAILED" });
    expect(stepOf(details, "fetch").attempts).toHaveLength(1);
    expect(events.filter((e) => e.type === "step-retrying")).toEqual([]);
  });

  test("a run fails with CONDITION_ERROR when an input mapping reads a skipped step at run time", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "input-reads-skipped",
      input: { text: "string" },
      steps: [
        slug("pick", { branch: [ifArm("steps.pick.output == 'go'", ["hi"]), { else: ["lo"] }] }, "input.text"),
        slug("hi"),
        slug("lo"),
        slug("join", { after: ["hi", "lo"], join: "none-failed" }, "steps.hi.output"),
      ],
      output: { ok: "true" },
    });
    // Regression: the failed attempt used to be recorded and reported as failed without a
    // step-started event announcing it, which `execute`'s event-order check catches.
    const { result, details } = await execute(h, flow, { text: "stop" });
    expect(result.error).toMatchObject({ step: "join", code: "CONDITION_ERROR" });
    expect(stepOf(details, "join").attempts).toHaveLength(1);
  });
});

describe("retries", () => {
  test("flaky-retry: attempt 1 fails with TASK_FAILED, attempt 2 succeeds, after a delay within the policy", async () => {
    const h = await openHarness();
    await addExample(h, "flaky-retry");
    const { result, events, details } = await execute(h, "flaky-retry");
    expect(result.status).toBe("succeeded");
    const fetch = stepOf(details, "fetch");
    expect(fetch.attempts.map((a) => [a.attempt, a.status, a.error?.code])).toEqual([
      [1, "failed", "TASK_FAILED"],
      [2, "succeeded", undefined],
    ]);
    expect(fetch.attempts[1]?.output).toEqual({
      text: "Retries make unreliable steps reliable",
      roll: expect.any(Number),
    });
    const retrying = events.filter((e) => e.type === "step-retrying");
    expect(retrying).toHaveLength(1);
    const [retry] = retrying;
    if (retry?.type !== "step-retrying") throw new Error("no step-retrying event");
    expect(retry).toMatchObject({ step: "fetch", attempt: 1, error: { code: "TASK_FAILED" } });
    // initialDelayMs 20 after the first failure, with equal jitter: between 10 and 20 ms.
    expect(retry.delayMs).toBeGreaterThanOrEqual(10);
    expect(retry.delayMs).toBeLessThanOrEqual(20);
    expect(stepOf(details, "count").attempts).toHaveLength(1);
  });

  test("maxAttempts is respected: failRate 1 and maxAttempts 3 → exactly 3 failed attempts", async () => {
    const h = await openHarness();
    const retry = { maxAttempts: 3, initialDelayMs: 4, backoffFactor: 3, maxDelayMs: 100, retryOn: ["TASK_FAILED"] };
    const flow = await h.addFlow({
      name: "three-attempts",
      input: { text: "string" },
      steps: [flaky("fetch", 1, { retry }), slug("next", { after: ["fetch"] })],
      output: { ok: "true" },
    });
    const { result, events, details } = await execute(h, flow, { text: "x" });
    expect(result.error).toMatchObject({ step: "fetch", code: "TASK_FAILED" });
    expect(stepOf(details, "fetch").attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, "failed"],
      [2, "failed"],
      [3, "failed"],
    ]);
    const delays = events.flatMap((e) => (e.type === "step-retrying" ? [[e.attempt, e.delayMs]] : []));
    expect(delays.map(([attempt]) => attempt)).toEqual([1, 2]);
    // 4 ms then 12 ms before jitter; equal jitter keeps at least half.
    expect(delays[0]?.[1]).toBeGreaterThanOrEqual(2);
    expect(delays[0]?.[1]).toBeLessThanOrEqual(4);
    expect(delays[1]?.[1]).toBeGreaterThanOrEqual(6);
    expect(delays[1]?.[1]).toBeLessThanOrEqual(12);
    expect(events.find((e) => e.type === "step-failed")).toMatchObject({ step: "fetch", attempt: 3, handled: false });
    expect(stepOf(details, "next").attempts).toEqual([]);
  });

  test("a TIMEOUT is retried: a step past its timeoutMs twice has two TIMEOUT attempts", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "timeouts",
      input: { n: "s32" },
      steps: [
        {
          id: "fib",
          task: "fib",
          input: { n: "input.n" },
          limits: { timeoutMs: 100 },
          retry: { maxAttempts: 2, initialDelayMs: 1, retryOn: ["TIMEOUT"] },
        },
      ],
      output: { value: "steps.fib.output" },
    });
    const { result, details } = await execute(h, flow, { n: longFib });
    expect(result.error).toMatchObject({ step: "fib", code: "TIMEOUT" });
    expect(stepOf(details, "fib").attempts.map((a) => [a.status, a.error?.code])).toEqual([
      ["failed", "TIMEOUT"],
      ["failed", "TIMEOUT"],
    ]);
  });

  test("a branch condition that fails is a CONDITION_ERROR and is not retried, even if retryOn lists it", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "condition-error",
      input: { name: "string" },
      steps: [
        {
          id: "person",
          task: "profile",
          input: { name: "input.name", email: "'a@example.org'", tags: [], age: null },
          // age is null, so `adult` is an absent option: .value() fails.
          branch: [ifArm("steps.person.output.adult.value()", ["adult"])],
          retry: { maxAttempts: 3, initialDelayMs: 1, retryOn: ["CONDITION_ERROR"] },
        },
        slug("adult"),
      ],
      output: { ok: "true" },
    });
    const { result, details } = await execute(h, flow, { name: "ada" });
    expect(result.error).toMatchObject({
      step: "person",
      code: "CONDITION_ERROR",
      details: { reason: "optional_value_missing" },
    });
    expect(stepOf(details, "person").attempts).toHaveLength(1);
    expect(stepOf(details, "adult").attempts).toEqual([]);
  });
});

describe("expressions over steps that did not run", () => {
  /** hi runs only when the input slugifies to 'go'; check branches on a condition over hi. */
  const flowWith = (name: string, condition: string, output: FlowJson = { ok: "true" }): FlowJson => ({
    name,
    input: { text: "string" },
    steps: [
      slug("pick", { branch: [ifArm("steps.pick.output == 'go'", ["hi"]), { else: ["lo"] }] }, "input.text"),
      slug("hi", {}, "'hi'"),
      slug("lo", {}, "'lo'"),
      slug("check", { after: ["hi", "lo"], join: "none-failed", branch: [ifArm(condition, ["hit"])] }),
      slug("hit"),
    ],
    output,
  });

  test("a condition reading a skipped step's output fails its step with CONDITION_ERROR", async () => {
    const h = await openHarness();
    const flow = await h.addFlow(flowWith("cond-skipped", "steps.hi.output == 'hi'"));
    const { result, details } = await execute(h, flow, { text: "stop" });
    expect(result.status).toBe("failed");
    expect(result.error).toMatchObject({ step: "check", code: "CONDITION_ERROR", details: { reason: "no_such_key" } });
    expect(stepOf(details, "hit")).toMatchObject({ status: "pending", attempts: [] });
    // When hi ran, the same condition holds.
    const ran = await execute(h, flow, { text: "go" });
    expect(statuses(ran.details)).toMatchObject({ check: "succeeded", hit: "succeeded" });
  });

  test("has(steps.x.output), the documented guard, works in a condition", async () => {
    const h = await openHarness();
    const flow = await h.addFlow(flowWith("cond-guarded-output", "has(steps.hi.output) && steps.hi.output == 'hi'"));
    const { result, details } = await execute(h, flow, { text: "stop" });
    expect(result.status).toBe("succeeded");
    expect(stepOf(details, "hit")).toMatchObject({ status: "skipped" });
  });

  test("the flow output reading a skipped step fails the run with CONDITION_ERROR and no step", async () => {
    const h = await openHarness();
    const flow = await h.addFlow(flowWith("output-skipped", "true", { hi: "steps.hi.output" }));
    const { result, details } = await execute(h, flow, { text: "stop" });
    expect(result.status).toBe("failed");
    expect(result.error).toMatchObject({ code: "CONDITION_ERROR", details: { reason: "no_such_key" } });
    expect(result.error).not.toHaveProperty("step");
    expect(result.error?.message).toMatch(/^flow output: /);
    // Every step settled as it should: only the output mapping failed.
    expect(statuses(details)).toEqual({
      pick: "succeeded",
      hi: "skipped",
      lo: "succeeded",
      check: "succeeded",
      hit: "succeeded",
    });
  });

  test("the flow output guarded with has(steps.x.output) reads the fallback", async () => {
    const h = await openHarness();
    const flow = await h.addFlow(
      flowWith("output-guarded-output", "true", { hi: "has(steps.hi.output) ? steps.hi.output : 'none'" }),
    );
    const { result } = await execute(h, flow, { text: "stop" });
    expect(result).toMatchObject({ status: "succeeded", output: { hi: "none" } });
  });
});

describe("cancellation", () => {
  const longFlow = longFibFlow;

  function expectCancelled({ result, events, details }: Executed): void {
    expect(result).toMatchObject({ status: "cancelled", error: { code: "CANCELLED" } });
    expect(result.output).toBeUndefined();
    expect(details.status).toBe("cancelled");
    const fib = stepOf(details, "fib");
    expect(fib.attempts).toHaveLength(1);
    expect(fib.attempts[0]).toMatchObject({ status: "cancelled", error: { code: "CANCELLED" } });
    expect(fib).toMatchObject({ status: "cancelled", error: { code: "CANCELLED" } });
    // The step after it never started: cancelled too, not left pending, with the reason.
    expect(stepOf(details, "label")).toMatchObject({
      status: "cancelled",
      reason: "the run was cancelled before this step started",
      attempts: [],
    });
    expect(details.steps.filter((step) => step.status === "pending" || step.status === "running")).toEqual([]);
    expect(events.some((e) => e.type === "step-started" && e.step === "label")).toBe(false);
    expect(events.slice(-3)).toMatchObject([
      { type: "step-cancelled", step: "fib", attempt: 1 },
      { type: "step-cancelled", step: "label", reason: "the run was cancelled before this step started" },
      { type: "run-cancelled" },
    ]);
  }

  test("an AbortSignal fired mid-step stops the call: the run and the attempt are cancelled, nothing after it runs", async () => {
    const h = await openHarness();
    const flow = await h.addFlow(longFlow);
    const controller = new AbortController();
    const executed = await execute(
      h,
      flow,
      { n: longFib },
      {
        signal: controller.signal,
        // Let the call get going in its worker, then cancel.
        onEvent: (event) => {
          if (event.type === "step-started") setTimeout(() => controller.abort(), 150);
        },
      },
    );
    expectCancelled(executed);
    expect(h.wf.runs.list({ status: "cancelled" }).map((run) => run.id)).toEqual([executed.id]);
  });

  test("cancelRun stops a run of this process the same way", async () => {
    const h = await openHarness();
    const flow = await h.addFlow(longFlow);
    let id = "";
    const executed = await execute(
      h,
      flow,
      { n: longFib },
      {
        onEvent: (event) => {
          if (event.type === "step-started") setTimeout(() => void h.wf.cancelRun(id), 150);
          id = event.runId;
        },
      },
    );
    expectCancelled(executed);
    // Cancelling a finished run leaves it as it is.
    expect(await h.wf.cancelRun(executed.id)).toMatchObject({ status: "cancelled" });
  });

  test("a step waiting to retry when the run is cancelled ends cancelled, its failed attempt kept", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "cancel-in-backoff",
      input: { text: "string" },
      steps: [
        flaky("fetch", 1, { retry: { maxAttempts: 3, initialDelayMs: 10_000, retryOn: ["TASK_FAILED"] } }),
        slug("after", { after: ["fetch"] }),
      ],
      output: { slug: "steps.after.output" },
    });
    const controller = new AbortController();
    const { result, details, events } = await execute(
      h,
      flow,
      { text: "x" },
      {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === "step-retrying") controller.abort();
        },
      },
    );
    expect(result.status).toBe("cancelled");
    expect(stepOf(details, "fetch")).toMatchObject({
      status: "cancelled",
      reason: "the run was cancelled while this step waited to retry",
      attempts: [
        expect.objectContaining({
          attempt: 1,
          status: "failed",
          error: expect.objectContaining({ code: "TASK_FAILED" }),
        }),
      ],
    });
    expect(stepOf(details, "after")).toMatchObject({ status: "cancelled", attempts: [] });
    expect(events.filter((event) => event.type === "step-started")).toHaveLength(1);
  });

  test("a signal aborted before the start cancels the run before any step succeeds", async () => {
    const h = await openHarness();
    await addExample(h, "score-text");
    const { result, details, events } = await execute(h, "score-text", undefined, { signal: AbortSignal.abort() });
    expect(result.status).toBe("cancelled");
    // Recorded cancelled in its first commit: no call was made, every step is cancelled.
    expect(details.steps.map((step) => [step.id, step.status, step.attempts.length])).toEqual([
      ["count", "cancelled", 0],
      ["score", "cancelled", 0],
      ["slug", "cancelled", 0],
    ]);
    expect(events.map((event) => event.type)).toEqual([
      "run-started",
      "step-cancelled",
      "step-cancelled",
      "step-cancelled",
      "run-cancelled",
    ]);
  });
});

describe("events", () => {
  test("a late reader of `events` gets every event from run-started, the same as onEvent", async () => {
    const h = await openHarness();
    await addExample(h, "triage-text");
    const seen: FlowEvent[] = [];
    const run = await h.wf.startFlow("triage-text", undefined, { onEvent: (event) => seen.push(event) });
    await run.result;
    const events = await collect(run.events);
    expect(events).toEqual(seen);
    expect(events[0]).toMatchObject({
      type: "run-started",
      runId: run.id,
      flow: "triage-text",
      resumed: false,
      steps: ["count", "score", "celebrate", "shrug", "complain", "report", "fallback"],
    });
    expect(events.at(-1)).toMatchObject({ type: "run-completed", output: { label: "high" } });
    // Two readers at once get the same sequence.
    expect(await collect(run.events)).toEqual(events);
  });

  test("onEvent is called with the state already committed: the store shows what each event says", async () => {
    const h = await openHarness();
    await addExample(h, "score-text");
    const mismatches: string[] = [];
    await execute(h, "score-text", undefined, {
      onEvent: (event) => {
        if (event.type === "run-started") return;
        const details = h.wf.runs.show(event.runId);
        if (event.type === "step-started") {
          const attempt = stepOf(details, event.step).attempts.find((a) => a.attempt === event.attempt);
          if (attempt === undefined) mismatches.push(`${event.step}#${event.attempt} not stored`);
        } else if (event.type === "step-completed") {
          if (stepOf(details, event.step).status !== "succeeded") mismatches.push(`${event.step} not succeeded`);
        } else if (event.type === "run-completed" && details.status !== "succeeded") {
          mismatches.push(`run is ${details.status}`);
        }
      },
    });
    expect(mismatches).toEqual([]);
  });

  test("a throwing onEvent listener does not stop the run", async () => {
    const h = await openHarness();
    await addExample(h, "score-text");
    let calls = 0;
    const result = await h.wf.runFlow("score-text", undefined, {
      onEvent: () => {
        calls += 1;
        throw new Error("listener bug");
      },
    });
    expect(result.status).toBe("succeeded");
    expect(calls).toBe(8);
  });
});

describe("starting runs", () => {
  test("a flow file runs without being registered", async () => {
    const h = await openHarness();
    const file = h.flowFile({
      name: "unregistered",
      input: { text: "string" },
      initial: { text: "From A File" },
      steps: [slug("s", {}, "input.text")],
      output: { slug: "steps.s.output" },
    });
    const { result, details } = await execute(h, file);
    expect(result).toMatchObject({ flow: "unregistered", status: "succeeded", output: { slug: "from-a-file" } });
    expect(details.revision).toBeUndefined();
    expect(h.wf.flows.list()).toEqual([]);
  });

  test.each([
    ["a field of the wrong type", { text: 3 }, "INPUT_INVALID"],
    ["an unknown field", { text: "x", extra: 1 }, "INPUT_INVALID"],
    ["a __proto__ key", JSON.parse('{"text": "x", "__proto__": {"polluted": true}}'), "INPUT_INVALID"],
    ["a missing field", {}, "INPUT_INVALID"],
    ["null", null, "INPUT_INVALID"],
    ["no input and no initial", undefined, "USAGE"],
  ])("%s is refused before anything is stored", async (_name, input, code) => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "strict-input",
      input: { text: "string" },
      steps: [slug("s", {}, "input.text")],
      output: { slug: "steps.s.output" },
    });
    await expect(h.wf.startFlow(flow, input)).rejects.toMatchObject({ code });
    expect(h.wf.runs.list()).toEqual([]);
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  test("an unknown flow and a bad idempotency key are refused before anything is stored", async () => {
    const h = await openHarness();
    await addExample(h, "score-text");
    await expect(h.wf.startFlow("no-such-flow")).rejects.toMatchObject({ code: "FLOW_NOT_FOUND" });
    await expect(h.wf.startFlow("score-text", undefined, { idempotencyKey: "" })).rejects.toMatchObject({
      code: "USAGE",
    });
    await expect(h.wf.startFlow("score-text", undefined, { idempotencyKey: "k".repeat(257) })).rejects.toMatchObject({
      code: "USAGE",
    });
    expect(h.wf.runs.list()).toEqual([]);
  });

  test("a run stays pinned to the task revisions it started with", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "pinned",
      input: { text: "string" },
      steps: [slug("first", {}, "input.text"), slug("second", { after: ["first"] }, "steps.first.output")],
      output: { slug: "steps.second.output" },
    });
    const { definition } = await loadTaskDefinition(join(root, "tasks/slugify/slugify.task.json"));
    const bytes = readFileSync(join(root, "build/tasks/slugify.wasm"));
    let registered: number | undefined;
    const { details } = await execute(
      h,
      flow,
      { text: "Pin Me" },
      {
        // While the first step runs, a new revision of slugify is registered.
        onEvent: (event) => {
          if (event.type === "step-started" && event.step === "first") {
            registered = h.wf.tasks.register({ ...definition, description: "a changed description" }, bytes).task
              .revision;
          }
        },
      },
    );
    expect(registered).toBe(2);
    expect(h.wf.tasks.get("slugify").revision).toBe(2);
    expect(details.status).toBe("succeeded");
    expect(details.pins).toEqual({
      first: { task: "slugify@1", module: expect.any(String) },
      second: { task: "slugify@1", module: expect.any(String) },
    });
    expect(stepOf(details, "second").attempts.map((a) => a.task)).toEqual(["slugify@1"]);
    // A run started now pins the new revision.
    const next = await execute(h, flow, { text: "Pin Me" });
    expect(next.details.pins.second?.task).toBe("slugify@2");
    expect(stepOf(next.details, "second").attempts[0]?.task).toBe("slugify@2");
  });
});

describe("idempotency keys", () => {
  test("the same key and input return the first run, reused, and execute nothing", async () => {
    const h = await openHarness();
    await addExample(h, "score-text");
    const first = await execute(h, "score-text", { text: "same input" }, { idempotencyKey: "order-1" });
    const again = await h.wf.startFlow("score-text", { text: "same input" }, { idempotencyKey: "order-1" });
    expect(again.id).toBe(first.id);
    expect(again.reused).toBe(true);
    expect(await again.result).toEqual({ ...first.result, reused: true });
    expect(h.wf.runs.list({ flow: "score-text" })).toHaveLength(1);
    expect(h.wf.runs.list()[0]?.idempotencyKey).toBe("order-1");
    expect(h.wf.runs.show(first.id).steps.map((step) => step.attempts.length)).toEqual([1, 1, 1]);
  });

  test("the same key with a different input is an IDEMPOTENCY_CONFLICT, and no run is added", async () => {
    const h = await openHarness();
    await addExample(h, "score-text");
    const first = await execute(h, "score-text", { text: "one" }, { idempotencyKey: "order-2" });
    await expect(h.wf.startFlow("score-text", { text: "two" }, { idempotencyKey: "order-2" })).rejects.toMatchObject({
      code: "IDEMPOTENCY_CONFLICT",
      details: { flow: "score-text", key: "order-2", runId: first.id },
    });
    expect(h.wf.runs.list().map((run) => run.id)).toEqual([first.id]);
  });

  test("50 concurrent starts with one key make exactly one run, executed once", async () => {
    const h = await openHarness();
    await addExample(h, "score-text");
    const runs = await Promise.all(
      Array.from({ length: 50 }, () => h.wf.startFlow("score-text", { text: "at once" }, { idempotencyKey: "burst" })),
    );
    expect(new Set(runs.map((run) => run.id)).size).toBe(1);
    expect(runs.filter((run) => !run.reused)).toHaveLength(1);
    const results = await Promise.all(runs.map((run) => run.result));
    for (const result of results) {
      expect(result).toMatchObject({ status: "succeeded", output: results[0]?.output });
    }
    expect(results.filter((result) => !result.reused)).toHaveLength(1);
    expect(h.wf.runs.list()).toHaveLength(1);
    const [id] = new Set(runs.map((run) => run.id));
    expect(h.wf.runs.show(id as string).steps.map((step) => step.attempts.length)).toEqual([1, 1, 1]);
  });

  test("keys are scoped per flow name", async () => {
    const h = await openHarness();
    await addExample(h, "score-text");
    await addExample(h, "triage-text");
    const a = await execute(h, "score-text", { text: "shared" }, { idempotencyKey: "shared-key" });
    const b = await execute(h, "triage-text", { text: "shared" }, { idempotencyKey: "shared-key" });
    expect(a.id).not.toBe(b.id);
    expect([a.result.reused, b.result.reused]).toEqual([false, false]);
    expect(h.wf.runs.list()).toHaveLength(2);
  });

  // Regression: ±2^53 used to come back from the store as a Number (see persisted-values.test.ts),
  // so the reused result differed from the first one.
  test("a reused run reports the same output as the first, for an s64 at 2^53", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "big-number",
      input: { n: "s64" },
      steps: [slug("s")],
      output: { n: "input.n" },
    });
    const first = await h.wf.runFlow(flow, { n: 2n ** 53n }, { idempotencyKey: "big" });
    expect(first.output).toEqual({ n: 2n ** 53n });
    const again = await h.wf.runFlow(flow, { n: 2n ** 53n }, { idempotencyKey: "big" });
    expect(again).toEqual({ ...first, reused: true });
  });
});

test("runs.list filters by status and by flow", async () => {
  const h = await openHarness();
  await addExample(h, "score-text");
  await addExample(h, "profile-fallback");
  const failing = await h.addFlow({
    name: "always-fails",
    input: { text: "string" },
    steps: [flaky("fetch", 1)],
    output: { ok: "true" },
  });
  const ok1 = await execute(h, "score-text");
  const ok2 = await execute(h, "profile-fallback");
  const bad = await execute(h, failing, { text: "x" });
  const ids = (filter: Parameters<typeof h.wf.runs.list>[0]) =>
    h.wf.runs
      .list(filter)
      .map((run) => run.id)
      .sort();
  expect(ids({})).toEqual([ok1.id, ok2.id, bad.id].sort());
  expect(ids({ status: "failed" })).toEqual([bad.id]);
  expect(ids({ status: "succeeded" })).toEqual([ok1.id, ok2.id].sort());
  expect(ids({ flow: "score-text" })).toEqual([ok1.id]);
  expect(ids({ flow: "always-fails", status: "succeeded" })).toEqual([]);
  expect(ids({ status: "running" })).toEqual([]);
  expect(ids({ status: "cancelled" })).toEqual([]);
  expect(h.wf.runs.list({ limit: 2 })).toHaveLength(2);
  const [summary] = h.wf.runs.list({ flow: "always-fails" });
  expect(summary).toMatchObject({ flow: "always-fails", revision: 1, status: "failed", error: { step: "fetch" } });
  expect(summary?.finishedAt).toEqual(expect.any(String));
});
