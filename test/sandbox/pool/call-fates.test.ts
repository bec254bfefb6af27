import { afterAll, expect, test } from "vitest";
import { type RunnableTask, TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { guestTask, outcome } from "./sdk-fixture.js";

// A call's fate depends on that call alone: whatever the calls batched with it do, a healthy call
// answers, and a looping one answers TIMEOUT. No timing is asserted here; the bench measures it.

const pool = new WorkerPool({ threads: 2, maxQueue: 1024 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

const input = { text: "a b c" };
const spin = "(loop $l (br $l)) unreachable";
// Loops when the text starts with "s" (its first byte follows the map header, the key "text" and
// the string header: offset 7), answers at once otherwise — so the workers can be warmed with the
// very module that will loop, and every call goes out in the batch it was put in.
const spinOnS = `(if (i32.eq (i32.load8_u offset=7 (local.get $ptr)) (i32.const 115)) (then ${spin})) i32.const 16`;
const loop = { text: "spin" };

/** Both workers warm and holding both modules, so every call below goes out in the batch it was put in. */
async function warm(...tasks: RunnableTask[]): Promise<void> {
  await Promise.all(tasks.flatMap((task) => [runner.run(task, input), runner.run(task, input)]));
}

test("a storm of timeouts: every healthy call answers, every looping call is TIMEOUT", async () => {
  const task = await guestTask({ entry: spinOnS, limits: { timeoutMs: 100 } });
  await warm(task);
  // Replacements so far (the file's earlier tests), then one per timeout below.
  let timeouts = pool.load.workersReplaced;
  for (const [spinners, total] of [
    [10, 60],
    [10, 60],
    [20, 60],
  ] as const) {
    // Spread through the burst, so they land in the middle of batches.
    const every = Math.floor(total / spinners);
    const calls = Array.from({ length: total }, (_, i) =>
      outcome(runner.run(task, i % every === 2 ? loop : input)).then((code) => ({ spinning: i % every === 2, code })),
    );
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => !o.spinning && o.code !== "ok")).toEqual([]);
    expect(outcomes.filter((o) => o.spinning && o.code !== "TIMEOUT")).toEqual([]);
    timeouts += outcomes.filter((o) => o.code === "TIMEOUT").length;
  }
  // Each timeout stopped its worker, and the pool counted each replacement.
  expect(pool.load).toEqual({ running: 0, queued: 0, workersReplaced: timeouts });
});

test("calls batched behind a looping call are handed to the other worker and answer before it times out", async () => {
  // Long enough that, were they waiting for it, the healthy calls would settle after it.
  const task = await guestTask({ entry: spinOnS, limits: { timeoutMs: 1000 } });
  await warm(task);
  const settled: string[] = [];
  // One turn, two free workers: each takes half, so the looping call leads one batch of eight.
  const calls = [
    outcome(runner.run(task, loop)).then((code) => settled.push(`spinner ${code}`)),
    ...Array.from({ length: 15 }, () => outcome(runner.run(task, input)).then((code) => settled.push(code))),
  ];
  await Promise.all(calls);
  expect(settled).toEqual([...Array(15).fill("ok"), "spinner TIMEOUT"]);
});

test("answers a worker holds when its next call loops are not lost: those calls run again elsewhere", async () => {
  const task = await guestTask({ entry: spinOnS, limits: { timeoutMs: 1000 } });
  await warm(task);
  const settled: string[] = [];
  // Each worker takes four: the first three of one batch finish in microseconds, and their answers
  // are still held when the fourth starts looping.
  const order = ["h", "h", "h", "s", "h", "h", "h", "h"];
  const calls = order.map((kind) =>
    outcome(runner.run(task, kind === "s" ? loop : input)).then((code) =>
      settled.push(kind === "s" ? `spinner ${code}` : code),
    ),
  );
  await Promise.all(calls);
  expect(settled).toEqual([...Array(7).fill("ok"), "spinner TIMEOUT"]);
});

test("a worker killed under a batch fails only the call it was running; the rest of the batch answers", async () => {
  const single = new WorkerPool({ threads: 1 });
  const singleRunner = new TaskRunner(single);
  try {
    const task = await guestTask({ entry: spinOnS, limits: { timeoutMs: 20_000 } });
    await singleRunner.run(task, input);
    const calls = [singleRunner.run(task, loop), ...Array.from({ length: 5 }, () => singleRunner.run(task, input))];
    const outcomes = calls.map((call) => outcome(call));
    // The spinner runs and the five behind it were taken back to wait for a worker.
    while (!(single.load.running === 1 && single.load.queued === 5)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const worker of single.threads) await worker.terminate();
    expect(await Promise.all(outcomes)).toEqual(["WORKER_CRASHED", ...Array(5).fill("ok")]);
  } finally {
    await single.close();
  }
});

test("while every worker runs a long call, a spare worker answers the calls waiting", async () => {
  const task = await guestTask({ entry: spinOnS, limits: { timeoutMs: 1500 } });
  await warm(task);
  const settled: string[] = [];
  // Two loops take both workers of the pool; the ten calls after them must not wait 1.5 s.
  const calls = [
    outcome(runner.run(task, loop)).then((code) => settled.push(`spinner ${code}`)),
    outcome(runner.run(task, loop)).then((code) => settled.push(`spinner ${code}`)),
  ];
  await new Promise((resolve) => setTimeout(resolve, 20));
  calls.push(...Array.from({ length: 10 }, () => outcome(runner.run(task, input)).then((code) => settled.push(code))));
  await Promise.all(calls);
  expect(settled).toEqual([...Array(10).fill("ok"), "spinner TIMEOUT", "spinner TIMEOUT"]);
  // At most as many spares as threads.
  expect(pool.threads.length).toBeLessThanOrEqual(4);
});
