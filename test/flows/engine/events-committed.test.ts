import { join } from "node:path";
import Database from "better-sqlite3";
import { test, expect as vitestExpect } from "vitest";
import type { FlowEvent } from "../../../runtime/flows/engine/index.js";
import { databaseFileName } from "../../../runtime/store/index.js";
import { flaky, ifArm, openHarness, slug } from "./harness.js";

// Calls start while the writes that led to them commit; events must still describe only what is
// already committed. Each event is checked, as it is emitted, against the store file read through
// a connection of its own (what another process, or a resume after a crash, would see).

test("every event describes state already committed to the store file", async () => {
  const h = await openHarness();
  const flow = await h.addFlow({
    name: "committed-events",
    input: { text: "string" },
    steps: [
      slug("first", { branch: [ifArm("size(steps.first.output) > 0", ["yes"]), { else: ["no"] }] }, "input.text"),
      slug("yes", {}, "steps.first.output"),
      slug("no", {}, "'no'"),
      flaky("shaky", 0, { after: ["yes"], retry: { maxAttempts: 2 } }),
      slug("last", { after: ["shaky", "no"], join: "any-succeeded" }, "steps.yes.output"),
    ],
    output: { last: "steps.last.output" },
  });
  const reader = new Database(join(h.project.home, databaseFileName), { readonly: true });
  const attempt = reader.prepare("SELECT status FROM step_attempts WHERE run_id = ? AND step_id = ? AND attempt = ?");
  const step = reader.prepare("SELECT status FROM run_steps WHERE run_id = ? AND step_id = ?");
  const run = reader.prepare("SELECT status FROM runs WHERE id = ?");
  const seen: string[] = [];
  // The engine swallows a listener's exceptions, so what the listener finds is kept and checked after.
  const problems: string[] = [];
  const expect = (actual: unknown) => ({
    toEqual: (wanted: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(wanted))
        problems.push(`${seen.at(-1)}: store has ${JSON.stringify(actual)}, event says ${JSON.stringify(wanted)}`);
    },
    toBeDefined: () => {
      if (actual === undefined) problems.push(`${seen.at(-1)}: no attempt row in the store`);
    },
  });
  let runId = "";
  const check = (event: FlowEvent): void => {
    seen.push(event.type);
    if (event.type === "run-started") {
      runId = event.runId;
      expect(run.get(runId)).toEqual({ status: "running" });
    } else if (event.type === "step-started") {
      expect(attempt.get(runId, event.step, event.attempt)).toBeDefined();
    } else if (event.type === "step-completed") {
      expect(step.get(runId, event.step)).toEqual({ status: "succeeded" });
    } else if (event.type === "step-skipped") {
      expect(step.get(runId, event.step)).toEqual({ status: "skipped" });
    } else if (event.type === "run-completed") {
      expect(run.get(runId)).toEqual({ status: "succeeded" });
    }
  };
  try {
    const started = await h.wf.startFlow(flow, { text: "Committed First" }, { onEvent: check });
    const result = await started.result;
    vitestExpect(problems).toEqual([]);
    vitestExpect(result).toMatchObject({ status: "succeeded", output: { last: "committed-first" } });
    vitestExpect(seen).toContain("step-skipped");
    vitestExpect(seen.filter((type) => type === "step-completed")).toHaveLength(4);
  } finally {
    reader.close();
  }
});

test("a call that answers before its start is committed is handled after that commit", async () => {
  const h = await openHarness();
  const flow = await h.addFlow({
    name: "answers-early",
    input: { text: "string" },
    steps: [slug("a", {}, "input.text"), slug("b", {}, "input.text"), slug("c", {}, "input.text")],
    output: { a: "steps.a.output" },
  });
  // Warm: the workers are up and hold the module, so a call answers within microseconds.
  await h.wf.runFlow(flow, { text: "warm" });
  const reader = new Database(join(h.project.home, databaseFileName), { readonly: true });
  const steps = reader.prepare("SELECT step_id, status FROM run_steps WHERE run_id = ? ORDER BY step_id");
  let atStart: unknown;
  try {
    const run = await new Promise<Promise<{ status: string }>>((resolve) => {
      // The run starts in one timer callback; the next one, in the same turn, holds the thread
      // while the calls (already sent) answer, so their answers are waiting before the engine's
      // first commit, which comes later in the turn.
      setTimeout(() => {
        h.wf
          .startFlow(
            flow,
            { text: "Early" },
            {
              onEvent: (event) => {
                if (event.type === "run-started") atStart = steps.all(event.runId);
              },
            },
          )
          .then((started) => resolve(started.result));
      }, 0);
      setTimeout(() => {
        const until = performance.now() + 50;
        while (performance.now() < until) {
          // Busy: the workers answer meanwhile.
        }
      }, 0);
    });
    vitestExpect(await run).toMatchObject({ status: "succeeded" });
    // What run-started describes: the three steps started, none finished.
    vitestExpect(atStart).toEqual([
      { step_id: "a", status: "running" },
      { step_id: "b", status: "running" },
      { step_id: "c", status: "running" },
    ]);
  } finally {
    reader.close();
  }
});
