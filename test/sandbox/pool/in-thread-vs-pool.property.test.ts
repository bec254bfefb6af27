import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InThreadExecutor, type RunnableTask, TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { findTaskDefinitionFiles } from "../../../runtime/tasks/index.js";
import { Wasmflow } from "../../../runtime/wasmflow.js";
import { tempProject } from "../../helpers/project.js";

// Differential: the example tasks (built by the global setup) give structurally equal results
// whether they run in this thread or on the worker pool.
const root = fileURLToPath(new URL("../../..", import.meta.url));
const pool = new WorkerPool({ threads: 2 });
const pooled = new TaskRunner(pool);
const inThread = new TaskRunner(new InThreadExecutor());
let wf: Wasmflow;

beforeAll(async () => {
  wf = Wasmflow.open({ home: tempProject().home, root });
  await wf.addTasks(await findTaskDefinitionFiles(root));
});
afterAll(async () => {
  await pool.close();
  await wf.close();
});

function runnable(name: string): RunnableTask {
  const task = wf.tasks.get(name);
  return {
    name,
    revision: task.revision,
    definition: task.definition,
    moduleHash: task.moduleHash,
    moduleBytes: () => wf.tasks.moduleBytes(task),
  };
}

async function both(name: string, input: unknown): Promise<[unknown, unknown]> {
  const settle = (p: Promise<{ output: unknown }>) =>
    p.then(
      (r) => ({ ok: r.output }),
      (e: { code?: string; message?: string }) => ({ error: e.code, message: e.message }),
    );
  const task = runnable(name);
  return [await settle(inThread.run(task, input)), await settle(pooled.run(task, input))];
}

const cases: [string, fc.Arbitrary<unknown>][] = [
  ["word-count", fc.record({ text: fc.string({ unit: "grapheme", maxLength: 300 }) })],
  ["score", fc.record({ words: fc.nat(), vowels: fc.nat() })],
  [
    "profile",
    fc.record({
      name: fc.string(),
      email: fc.oneof(fc.emailAddress(), fc.string()),
      tags: fc.array(fc.string(), { maxLength: 8 }),
      age: fc.option(fc.nat(150), { nil: null }),
    }),
  ],
  ["checksum", fc.record({ data: fc.uint8Array({ maxLength: 2048 }) })],
  [
    "add",
    fc.record({
      a: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      b: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    }),
  ],
  ["fib", fc.record({ n: fc.integer({ min: 0, max: 92 }) })],
  ["slugify", fc.record({ text: fc.string({ maxLength: 200 }) })],
];

describe("in-thread and pooled runs agree", () => {
  test.each(cases)("%s", async (name, inputs) => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const [local, remote] = await both(name, input);
        expect(remote).toEqual(local);
      }),
      { numRuns: 60 },
    );
  });
});
