import { expect, test } from "vitest";
import { openHarness, stepOf } from "./harness.js";

test("a fan-out of 300 parallel steps joined by one runs every step once, without listener warnings", async () => {
  const h = await openHarness();
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  process.on("warning", onWarning);
  try {
    const width = 300;
    const branches = Array.from({ length: width }, (_, i) => ({
      id: `s${i}`,
      task: "add",
      after: ["root"],
      input: { a: i, b: "steps.root.output" },
    }));
    const flow = await h.addFlow({
      name: "wide-fan-out",
      input: { n: "s32" },
      steps: [
        { id: "root", task: "add", input: { a: "input.n", b: 0 } },
        ...branches,
        { id: "last", task: "add", after: branches.map((b) => b.id), input: { a: `steps.s${width - 1}.output`, b: 1 } },
      ],
      output: { last: "steps.last.output" },
    });
    const result = await h.wf.runFlow(flow, { n: 1 });
    expect(result).toMatchObject({ status: "succeeded", output: { last: width - 1 + 1 + 1 } });
    const details = h.wf.runs.show(result.id);
    expect(details.steps.every((step) => step.status === "succeeded" && step.attempts.length === 1)).toBe(true);
    expect(stepOf(details, "s7").output).toBe(8);
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  } finally {
    process.off("warning", onWarning);
  }
});
