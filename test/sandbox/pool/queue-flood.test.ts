import { afterAll, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { guestTask } from "./sdk-fixture.js";

const pool = new WorkerPool({ threads: 2, maxQueue: 50 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

test("10 000 calls flooding a small queue: each completes or is rejected QUEUE_FULL, and memory stays bounded", async () => {
  const task = await guestTask();
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const submitted = 10_000;
  const outcomes = await Promise.allSettled(Array.from({ length: submitted }, () => runner.run(task, { text: "x" })));
  const completed = outcomes.filter((o) => o.status === "fulfilled").length;
  const rejected = outcomes.filter((o) => o.status === "rejected");
  const queueFull = rejected.filter((o) => o.reason instanceof TaskRunError && o.reason.code === "QUEUE_FULL").length;
  expect(completed + queueFull).toBe(submitted);
  expect(completed).toBeGreaterThanOrEqual(52);
  expect(queueFull).toBeGreaterThan(0);
  expect(pool.load).toMatchObject({ running: 0, queued: 0 });
  // 10 000 settled promises and their errors are a few MiB; an unbounded queue of encoded calls would be far more.
  expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
});
