import { afterAll, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { guestTask } from "./sdk-fixture.js";

// Whatever ends a call, its error names the task and carries what the guest logged before it
// (none where the worker was stopped mid-call), as the README says.
const pool = new WorkerPool({ threads: 1 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

const input = { text: "a b c" };
// Logs "hello" (info) from the text at 2048, then does what each case needs.
const logs = '(import "wasmflow" "log" (func $log (param i32 i32 i32)))';
const hello = '(data (i32.const 2048) "hello")';
const logHello = "(call $log (i32.const 1) (i32.const 2048) (i32.const 5))";

async function failure(promise: Promise<unknown>): Promise<TaskRunError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TaskRunError)) throw new Error(`expected a TaskRunError, got ${String(error)}`);
  return error;
}

test("OUTPUT_INVALID names the task and carries the logs written before the output was refused", async () => {
  const task = await guestTask({
    imports: logs,
    extra: hello,
    entry: `${logHello} i32.const 16`,
    output: new Uint8Array([0x81, 0xa5, ...new TextEncoder().encode("words"), 0xc3]),
  });
  const error = await failure(runner.run(task, input));
  expect(error.code).toBe("OUTPUT_INVALID");
  expect(error.details).toMatchObject({ task: task.name, logs: [{ level: "info", message: "hello" }], droppedLogs: 0 });
});

test("a trap names the task and carries the logs", async () => {
  const task = await guestTask({ imports: logs, extra: hello, entry: `${logHello} unreachable` });
  const error = await failure(runner.run(task, input));
  expect(error.code).toBe("TRAP");
  expect(error.details).toMatchObject({ task: task.name, logs: [{ level: "info", message: "hello" }] });
});

test("TIMEOUT names the task; the logs went with the worker that was stopped", async () => {
  const task = await guestTask({
    imports: logs,
    extra: hello,
    entry: `${logHello} (loop $l (br $l)) unreachable`,
    limits: { timeoutMs: 100 },
  });
  const error = await failure(runner.run(task, input));
  expect(error.code).toBe("TIMEOUT");
  expect(error.details).toMatchObject({ task: task.name, logs: [], droppedLogs: 0, timeoutMs: 100 });
});

test("INPUT_INVALID names the task; nothing ran, so nothing was logged", async () => {
  const task = await guestTask();
  const error = await failure(runner.run(task, { text: 3 }));
  expect(error.code).toBe("INPUT_INVALID");
  expect(error.issues).toEqual([expect.objectContaining({ code: "WRONG_TYPE", path: "input.text" })]);
  expect(error.details).toMatchObject({ task: task.name, logs: [] });
});
