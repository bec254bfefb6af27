import { describe, expect, test } from "vitest";
import { findTaskDefinitionFiles } from "../../../runtime/tasks/index.js";
import { Wasmflow } from "../../../runtime/wasmflow.js";
import { tempProject } from "../../helpers/project.js";
import { spawnChild } from "./fixtures/child.js";
import { collect, expectEventsMatchStore, expectValidEventOrder, openHarness, root, stepOf } from "./harness.js";

// A step whose `input` is one expression: its value is the task's whole input, whatever the task
// declares. Run through the real engine and real modules: rot13 (C, ptr-len ABI) takes one string,
// score (AssemblyScript, sdk ABI) takes a record fed whole by word-count's output, flaky takes the
// flow's input record whole.

/** slugify → rot13 → rot13, and word-count → score with score's record input fed whole. */
const wholeInputs = {
  name: "whole-inputs",
  input: { text: "string" },
  steps: [
    { id: "slug", task: "slugify", input: { text: "input.text" } },
    { id: "shout", task: "rot13", after: ["slug"], input: "steps.slug.output" },
    { id: "back", task: "rot13", after: ["shout"], input: "steps.shout.output" },
    { id: "count", task: "word-count", input: "input" },
    { id: "score", task: "score", after: ["count"], input: "steps.count.output" },
  ],
  output: {
    shout: "steps.shout.output",
    back: "steps.back.output",
    words: "steps.count.output.words",
    label: "steps.score.output.label",
  },
};

const text = "Hello Whole Inputs";
const expectedOutput = {
  shout: "uryyb-jubyr-vachgf",
  back: "hello-whole-inputs",
  words: 3,
  label: expect.any(String),
};

describe("a step's whole input from one expression", () => {
  test("a string input and a record input are each fed by one expression; the mapped inputs are stored", async () => {
    const h = await openHarness();
    const flow = await h.addFlow(wholeInputs);
    const run = await h.wf.startFlow(flow, { text });
    const result = await run.result;
    expect(result).toMatchObject({ status: "succeeded", output: expectedOutput });

    const details = h.wf.runs.show(run.id);
    expect(stepOf(details, "shout").attempts.map((attempt) => attempt.input)).toEqual(["hello-whole-inputs"]);
    expect(stepOf(details, "back").attempts.map((attempt) => attempt.input)).toEqual(["uryyb-jubyr-vachgf"]);
    expect(stepOf(details, "count").attempts.map((attempt) => attempt.input)).toEqual([{ text }]);
    expect(stepOf(details, "score").attempts.map((attempt) => attempt.input)).toEqual([{ words: 3, vowels: 6 }]);
    const events = await collect(run.events);
    expectValidEventOrder(events, run.id);
    expectEventsMatchStore(events, details);

    // What flow inspect and the HTTP API report: each edge with the type the step fed whole receives.
    const edges = h.wf.describeRegisteredFlow(flow).graph.report().edges;
    expect(edges).toEqual(
      expect.arrayContaining([
        { kind: "after", from: "slug", to: "shout", carries: "string" },
        { kind: "after", from: "shout", to: "back", carries: "string" },
        { kind: "after", from: "count", to: "score", carries: "record{words: u32, vowels: u32}" },
      ]),
    );
  });

  test("a record fed whole keeps only the fields the task declares, and every retry is given the same input", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "whole-retry",
      input: { text: "string", failRate: "f64", note: "string" },
      steps: [
        {
          id: "roll",
          task: "flaky",
          input: "input",
          retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2, retryOn: ["TASK_FAILED"] },
        },
      ],
      output: { text: "steps.roll.output.text" },
    });
    const result = await h.wf.runFlow(flow, { text: "again", failRate: 1, note: "not the task's" });
    expect(result).toMatchObject({ status: "failed", error: { code: "TASK_FAILED", step: "roll" } });
    const attempts = stepOf(h.wf.runs.show(result.id), "roll").attempts;
    expect(attempts.map((attempt) => [attempt.status, attempt.input])).toEqual([
      ["failed", { text: "again", failRate: 1 }],
      ["failed", { text: "again", failRate: 1 }],
      ["failed", { text: "again", failRate: 1 }],
    ]);
  });

  test("a value refused for the whole input at run time fails the step with the input's path", async () => {
    const h = await openHarness();
    const flow = await h.addFlow({
      name: "whole-refused",
      input: { n: "s32" },
      // dyn() leaves the type to run time, where an int is no string.
      steps: [{ id: "shout", task: "rot13", input: "dyn(input.n)" }],
      output: { shout: "steps.shout.output" },
    });
    const result = await h.wf.runFlow(flow, { n: 7 });
    expect(result).toMatchObject({ status: "failed", error: { code: "CONDITION_ERROR", step: "shout" } });
    const message = result.error?.message ?? "";
    expect(message).toContain('expression "dyn(input.n)": steps.shout.input: ');
    const step = stepOf(h.wf.runs.show(result.id), "shout");
    expect(step.attempts).toEqual([expect.objectContaining({ attempt: 1, status: "failed" })]);
    expect(step.attempts[0]?.input).toBeUndefined();
  });

  test("a run killed mid-way resumes and maps the whole inputs of the steps left", async () => {
    const project = tempProject("wf-whole-resume-");
    const wf = Wasmflow.open({ home: project.home, root });
    try {
      await wf.addTasks(await findTaskDefinitionFiles(root));
      await wf.addFlow(project.write("flows/whole-inputs.flow.json", JSON.stringify(wholeInputs)));
      const child = await spawnChild({
        home: project.home,
        root,
        flow: "whole-inputs",
        input: { text },
        kill: { type: "step-completed", step: "shout" },
      }).exit;
      expect(child.signal).toBe("SIGKILL");
      const id = child.runId as string;
      const [resumed] = wf.resumeRuns([id]);
      expect(await resumed?.result).toMatchObject({ id, status: "succeeded", output: expectedOutput });
      const details = wf.runs.show(id);
      expect(stepOf(details, "shout").attempts.map((attempt) => attempt.input)).toEqual(["hello-whole-inputs"]);
      // An attempt started before the kill is tried again after it, mapped again from what was stored.
      for (const [id, input] of [
        ["back", "uryyb-jubyr-vachgf"],
        ["score", { words: 3, vowels: 6 }],
      ] as const) {
        const attempts = stepOf(details, id).attempts;
        expect(attempts.length).toBeGreaterThan(0);
        for (const attempt of attempts) expect(attempt.input).toEqual(input);
      }
    } finally {
      await wf.close();
    }
  });
});
