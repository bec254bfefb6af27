import { afterAll, expect, test } from "vitest";
import { TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { guestTask, outcome } from "./sdk-fixture.js";

// One worker, so every call submitted together is handed over in one batch.
const pool = new WorkerPool({ threads: 1 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

const input = { text: "a b c" };

test("a call that loops inside a batch times out alone; the batch's other calls still answer", async () => {
  const healthy = await guestTask();
  const looping = await guestTask({ entry: "(loop $l (br $l)) unreachable", limits: { timeoutMs: 300 } });
  // Warm the worker so the batch below is handed over as one message.
  await runner.run(healthy, input);
  const calls = Array.from({ length: 12 }, (_, i) => runner.run(i === 5 ? looping : healthy, input));
  const outcomes = await Promise.all(calls.map(outcome));
  expect(outcomes).toEqual(outcomes.map((_, i) => (i === 5 ? "TIMEOUT" : "ok")));
});

test("each call in a batch is timed from its own start, not from the batch's", async () => {
  // ~100 ms of work per call, 400 ms each allowed: eight in one batch take far longer than 400 ms in all.
  const busy = await guestTask({
    entry: `(local $i i32)
      (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 150000000))))
      i32.const 16`,
    limits: { timeoutMs: 400 },
  });
  await runner.run(busy, input);
  const outcomes = await Promise.all(Array.from({ length: 8 }, () => outcome(runner.run(busy, input))));
  expect(outcomes).toEqual(Array(8).fill("ok"));
});

test("a call cancelled before its turn in a batch is skipped, and the others answer", async () => {
  const healthy = await guestTask();
  const slow = await guestTask({
    entry: `(local $i i32)
      (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 150000000))))
      i32.const 16`,
  });
  // Both modules known to the worker first, so no call comes back asking for its module.
  await runner.run(healthy, input);
  await runner.run(slow, input);
  const abort = new AbortController();
  // Submitted in one turn, the four go to the worker as one batch; the first one holds it.
  const blocker = outcome(runner.run(slow, input));
  const running = outcome(runner.run(slow, input));
  const doomed = outcome(runner.run(healthy, input, { signal: abort.signal }));
  const after = outcome(runner.run(healthy, input));
  while (pool.load.running < 4) await new Promise((resolve) => setTimeout(resolve, 1));
  abort.abort();
  expect(await blocker).toBe("ok");
  expect(await running).toBe("ok");
  expect(await doomed).toBe("CANCELLED");
  expect(await after).toBe("ok");
  expect(pool.load).toMatchObject({ running: 0, queued: 0 });
});
