import { afterAll, expect, test } from "vitest";
import { TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { guestTask } from "./sdk-fixture.js";

// One worker, so both calls land on the same thread and the same pooled memory.
const pool = new WorkerPool({ threads: 1 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

// Reports what it finds (memory word at 4096 plus a global), then leaves a secret in both.
const snoop = {
  output: new Uint8Array([0x81, 0xa5, 0x77, 0x6f, 0x72, 0x64, 0x73, 0xce, 0, 0, 0, 0]),
  entry: `(i32.store8 (i32.const 1035) (i32.add (i32.load (i32.const 4096)) (global.get $secret)))
          (i32.store (i32.const 4096) (i32.const 42))
          (global.set $secret (i32.const 42))
          i32.const 16`,
};

test("a second call on the same worker cannot see what the first left in memory or globals", async () => {
  const task = await guestTask(snoop);
  expect((await runner.run(task, { text: "first" })).output).toEqual({ words: 0 });
  expect((await runner.run(task, { text: "second" })).output).toEqual({ words: 0 });
});

test('instance: "reuse" keeps state between calls, which is what it gives up', async () => {
  const task = await guestTask(snoop);
  expect((await runner.run(task, { text: "first" }, { instance: "reuse" })).output).toEqual({ words: 0 });
  expect((await runner.run(task, { text: "second" }, { instance: "reuse" })).output).toEqual({ words: 84 });
});
