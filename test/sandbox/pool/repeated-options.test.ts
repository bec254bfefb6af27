import { afterAll, expect, test } from "vitest";
import { TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { guestTask } from "./sdk-fixture.js";

// The runner reuses the resolution of options equal to the last ones a task was called with;
// every call must still get exactly the options it gave, and bad ones are refused every time.
const pool = new WorkerPool({ threads: 1 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

const input = { text: "a b c" };

test("each call gets its own options, whatever the call before it gave", async () => {
  const task = await guestTask();
  // The output is 9 bytes: a limit of 4 refuses it, 1024 lets it through.
  const limits = [1024, 1024, 4, 4, 1024, 4];
  const outcomes = [];
  for (const maxOutputBytes of limits) {
    outcomes.push(
      await runner.run(task, input, { maxOutputBytes, instance: "fresh" }).then(
        () => "ok",
        (error: { code: string }) => error.code,
      ),
    );
  }
  expect(outcomes).toEqual(["ok", "ok", "OUTPUT_TOO_LARGE", "OUTPUT_TOO_LARGE", "ok", "OUTPUT_TOO_LARGE"]);
});

test("options refused once are refused again after valid ones, and a new timeout takes effect", async () => {
  const spinner = await guestTask({ entry: "(loop $l (br $l)) unreachable", limits: { timeoutMs: 10_000 } });
  const healthy = await guestTask();
  await runner.run(healthy, input, { timeoutMs: 500 });
  await expect(runner.run(healthy, input, { timeoutMs: -1 })).rejects.toThrow("options.timeoutMs must be");
  await runner.run(healthy, input, { timeoutMs: 500 });
  await expect(runner.run(healthy, input, { timeoutMs: -1 })).rejects.toThrow("options.timeoutMs must be");
  await expect(runner.run(spinner, input, { timeoutMs: 50 })).rejects.toMatchObject({
    code: "TIMEOUT",
    details: { timeoutMs: 50 },
  });
  await expect(runner.run(spinner, input, { timeoutMs: 60 })).rejects.toMatchObject({
    code: "TIMEOUT",
    details: { timeoutMs: 60 },
  });
});
