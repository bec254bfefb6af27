import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { guestTask } from "./sdk-fixture.js";

const input = { text: "a b c" };

test("a call that exhausts its worker's heap is MEMORY_LIMIT; the pool replaces the worker and serves", async () => {
  const pool = new WorkerPool({ threads: 1, workerHeapMb: 16 });
  const runner = new TaskRunner(pool);
  try {
    // Every fresh instance builds a function object per export: 99 990 of them outgrow a 16 MiB heap.
    const exports = Array.from({ length: 99_990 }, (_, i) => `(export "e${i}" (func $nothing))`).join(" ");
    const greedy = await guestTask({ extra: `(func $nothing) ${exports}` });
    await expect(runner.run(greedy, input)).rejects.toMatchObject({ code: "MEMORY_LIMIT", details: { heap: true } });
    await expect(runner.run(await guestTask(), input)).resolves.toMatchObject({ output: { words: 7 } });
  } finally {
    await pool.close();
  }
});

test("workers that cannot start fail the calls with WORKER_CRASHED instead of leaving them waiting", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wf-broken-worker-"));
  const workerFile = join(dir, "worker.cjs");
  writeFileSync(workerFile, "throw new Error('this worker cannot start');\n");
  const pool = new WorkerPool({ threads: 2, workerFile });
  const runner = new TaskRunner(pool);
  try {
    const error = await runner.run(await guestTask(), input).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "WORKER_CRASHED" });
    expect((error as Error).message).toContain("this worker cannot start");
    await expect(runner.run(await guestTask(), input)).rejects.toMatchObject({ code: "WORKER_CRASHED" });
  } finally {
    await pool.close();
  }
});

test("a module the worker has let go of is sent again with the call that needs it", async () => {
  // A worker keeps 64 modules; the 70 tasks below push the first ones out before they run again.
  const pool = new WorkerPool({ threads: 1 });
  const runner = new TaskRunner(pool);
  try {
    const tasks = await Promise.all(Array.from({ length: 70 }, () => guestTask()));
    for (const task of tasks) await runner.run(task, input);
    const again = await Promise.all(tasks.slice(0, 8).map((task) => runner.run(task, input)));
    expect(again.map((r) => r.output)).toEqual(Array(8).fill({ words: 7 }));
  } finally {
    await pool.close();
  }
});
