import { afterAll, describe, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { type RunnableTask, TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { type GuestOptions, guestTask } from "./sdk-fixture.js";

const pool = new WorkerPool({ threads: 2, maxQueue: 64 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

const input = { text: "a b c" };

async function failure(task: RunnableTask, value: unknown = input, timeoutMs?: number): Promise<TaskRunError> {
  try {
    await runner.run(task, value, timeoutMs === undefined ? {} : { timeoutMs });
  } catch (error) {
    if (error instanceof TaskRunError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

/** After every hostile call, the pool must still serve a normal one. */
async function expectPoolServes(): Promise<void> {
  const healthy = await guestTask();
  await expect(runner.run(healthy, input)).resolves.toMatchObject({ output: { words: 7 } });
}

const msgpack = (...bytes: number[]) => new Uint8Array(bytes);
const words = [0xa5, 0x77, 0x6f, 0x72, 0x64, 0x73];

const cases: [string, string, GuestOptions, Record<string, unknown>?][] = [
  ["infinite loop in the call", "TIMEOUT", { entry: "(loop $l (br $l)) unreachable", limits: { timeoutMs: 300 } }],
  [
    "infinite loop in the start function",
    "TIMEOUT",
    { extra: "(func $spin (loop $l (br $l))) (start $spin)", limits: { timeoutMs: 300 } },
  ],
  [
    "memory.grow bomb",
    "MEMORY_LIMIT",
    { entry: "(loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))) unreachable" },
  ],
  [
    "deep recursion",
    "TRAP",
    { entry: "call $down", extra: "(func $down (result i32) call $down)" },
    { kind: "stack_overflow" },
  ],
  ["unreachable", "TRAP", { entry: "unreachable" }, { kind: "unreachable" }],
  [
    "integer divide by zero",
    "TRAP",
    { entry: "(i32.div_u (i32.const 1) (i32.const 0))" },
    { kind: "integer_divide_by_zero" },
  ],
  [
    "integer overflow",
    "TRAP",
    { entry: "(i32.div_s (i32.const 0x80000000) (i32.const -1))" },
    { kind: "integer_overflow" },
  ],
  ["invalid conversion", "TRAP", { entry: "(i32.trunc_f64_s (f64.const nan))" }, { kind: "invalid_conversion" }],
  ["out-of-bounds memory", "TRAP", { entry: "(i32.load (i32.const 0x7ffffff0))" }, { kind: "out_of_bounds_memory" }],
  [
    "uncaught wasm exception",
    "TRAP",
    { entry: "(throw $oops) unreachable", extra: "(tag $oops)" },
    { kind: "uncaught_exception" },
  ],
  [
    "AssemblyScript abort",
    "GUEST_ABORT",
    { entry: "(call $abort (i32.const 0) (i32.const 0) (i32.const 12) (i32.const 3)) unreachable" },
    { line: 12, column: 3 },
  ],
  ["output pointer out of bounds", "GUEST_PROTOCOL_ERROR", { entry: "i32.const 0x7ffffff0" }],
  [
    "output length garbage",
    "GUEST_PROTOCOL_ERROR",
    { entry: "(i32.store (i32.const 20) (i32.const 0x7fffffff)) i32.const 16" },
  ],
  [
    "output over maxOutputBytes",
    "OUTPUT_TOO_LARGE",
    { entry: "(i32.store (i32.const 20) (i32.const 100)) i32.const 16", limits: { maxOutputBytes: 16 } },
  ],
  [
    "output length past memory",
    "GUEST_PROTOCOL_ERROR",
    { entry: "(i32.store (i32.const 20) (i32.const 70000)) i32.const 16" },
  ],
  ["truncated MessagePack", "OUTPUT_INVALID", { output: msgpack(0x81, ...words.slice(0, 3)) }],
  ["reserved byte 0xc1", "OUTPUT_INVALID", { output: msgpack(0x81, ...words, 0xc1) }],
  ["over-deep nesting", "OUTPUT_INVALID", { output: msgpack(0x81, ...words, ...Array(5000).fill(0x91), 0x01) }],
  ["extension type (msgpackr RegExp)", "OUTPUT_INVALID", { output: msgpack(0x81, ...words, 0xd4, 0x78, 0x00) }],
  ["wrong shape", "OUTPUT_INVALID", { output: msgpack(0x81, ...words, 0xa3, 0x61, 0x62, 0x63) }],
  ["unknown output field", "OUTPUT_INVALID", { output: msgpack(0x82, ...words, 0x01, 0xa1, 0x78, 0x02) }],
];

describe("hostile guests get a typed error, and the pool keeps serving", () => {
  test.each(cases)("%s → %s", async (_name, code, options, details) => {
    const error = await failure(await guestTask(options));
    expect(error.code).toBe(code);
    if (details !== undefined) expect(error.details).toMatchObject(details);
    await expectPoolServes();
  });

  test("input over the cap → INPUT_TOO_LARGE, before any worker is involved", async () => {
    const task = await guestTask({ limits: { maxInputBytes: 64 } });
    const error = await failure(task, { text: "x".repeat(1000) });
    expect(error.code).toBe("INPUT_TOO_LARGE");
    await expectPoolServes();
  });

  test("input of the wrong shape → INPUT_INVALID listing every problem", async () => {
    const error = await failure(await guestTask(), { text: 3, extra: true });
    expect(error.code).toBe("INPUT_INVALID");
    expect(error.category).toBe("invalid");
  });

  test("a worker killed mid-call fails only that call with WORKER_CRASHED; the pool refills", async () => {
    // A pool of its own with one worker, so the worker killed is the one running the call.
    const single = new WorkerPool({ threads: 1 });
    const singleRunner = new TaskRunner(single);
    try {
      const healthy = await guestTask();
      await singleRunner.run(healthy, input);
      const spinning = await guestTask({ entry: "(loop $l (br $l)) unreachable", limits: { timeoutMs: 20_000 } });
      const doomed = singleRunner.run(spinning, input);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const worker of single.threads) void worker.terminate();
      await expect(doomed).rejects.toMatchObject({ code: "WORKER_CRASHED" });
      await expect(singleRunner.run(healthy, input)).resolves.toMatchObject({ output: { words: 7 } });
    } finally {
      await single.close();
    }
  });

  test("cancelling through an AbortSignal stops running guest code", async () => {
    const spinning = await guestTask({ entry: "(loop $l (br $l)) unreachable", limits: { timeoutMs: 10_000 } });
    const controller = new AbortController();
    const call = runner.run(spinning, input, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(call).rejects.toMatchObject({ code: "CANCELLED" });
    await expectPoolServes();
  });
});
