import { afterAll, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { guestTask } from "./sdk-fixture.js";

const pool = new WorkerPool({ threads: 2, maxQueue: 50 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

test("a burst submitted in one turn to an idle pool is bounded too: what free workers take at once, plus maxQueue", async () => {
  const task = await guestTask();
  // Warm: both workers up and holding the module, so nothing comes back asking for it.
  await Promise.all([runner.run(task, { text: "x" }), runner.run(task, { text: "y" })]);
  const outcomes = await Promise.allSettled(Array.from({ length: 500 }, () => runner.run(task, { text: "x" })));
  const queueFull = outcomes.filter(
    (o) => o.status === "rejected" && o.reason instanceof TaskRunError && o.reason.code === "QUEUE_FULL",
  ).length;
  const completed = outcomes.filter((o) => o.status === "fulfilled").length;
  expect(completed + queueFull).toBe(500);
  // Two free workers take up to 32 calls each at the next hand-out; 50 more may wait.
  expect(completed).toBeLessThanOrEqual(2 * 32 + 50);
  expect(completed).toBeGreaterThanOrEqual(50);
  expect(pool.load).toMatchObject({ running: 0, queued: 0 });
});
