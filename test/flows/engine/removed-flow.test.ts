import { expect, test } from "vitest";
import { openHarness, slug } from "./harness.js";

const fibFlow = {
  name: "fib-label",
  input: { n: "s32" },
  steps: [
    { id: "fib", task: "fib", input: { n: "input.n" } },
    slug("label", { after: ["fib"] }, "string(steps.fib.output)"),
  ],
  output: { label: "steps.label.output" },
};

test("a run in progress when its flow is removed finishes from its own copy of the flow, and is kept", async () => {
  const h = await openHarness();
  await h.addFlow(fibFlow);
  const done = await h.wf.runFlow("fib-label", { n: 10 });
  // fib(40) runs long enough for the removal to happen while the run is in progress.
  const running = await h.wf.startFlow("fib-label", { n: 40 });
  expect(h.wf.flows.remove("fib-label")).toBe(1);
  expect(h.wf.runs.count("fib-label")).toEqual({ total: 2, unfinished: 1 });
  expect(await running.result).toMatchObject({ status: "succeeded", output: { label: "102334155" } });
  expect(h.wf.runs.count("fib-label")).toEqual({ total: 2, unfinished: 0 });
  expect(h.wf.runs.list({ flow: "fib-label" }).map((run) => run.id)).toEqual([running.id, done.id]);
  expect(() => h.wf.flows.get("fib-label")).toThrow(
    'flow "fib-label" is not registered; there are no flows registered',
  );
});
