import { afterAll, describe, expect, test } from "vitest";
import { TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { componentTask, everythingType } from "./fixture.js";

const pool = new WorkerPool({ threads: 1 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

const everything = {
  name: "wörd 😀",
  data: new Uint8Array([0, 1, 255]),
  tags: ["a", "", "ccc"],
  big: 2n ** 64n - 1n,
  small: -5,
  ratio: 0.1,
  letter: "😀",
  maybe: null,
  nested: 7,
  shape: { tag: "rect", val: [1.5, -2] },
  outcome: { tag: "err", val: "no" },
  pair: [-(2n ** 63n), true],
  color: "light-blue",
  perms: { read: true, write: false, "can-exec": true },
  word_count: 42,
};

describe("component calls in the pool", () => {
  test("a record of every kind of value goes through a real component and back unchanged", async () => {
    const task = await componentTask("echo-all", { export: "echo-all", input: everythingType, output: everythingType });
    const result = await runner.run(task, everything);
    expect(result.output).toEqual(everything);
  });

  test("a string's leading U+FEFF is data: it survives the component's bindings", async () => {
    const task = await componentTask("echo-bom", { export: "echo-all", input: everythingType, output: everythingType });
    const value = { ...everything, name: "\uFEFF", tags: ["\uFEFFbom", "x\uFEFF"] };
    await expect(runner.run(task, value)).resolves.toMatchObject({ output: value });
  });

  test("an interface's function runs by its full name", async () => {
    const task = await componentTask("iface-run", {
      export: "wasmflow:task/run@0.1.0#run",
      input: "string",
      output: "string",
    });
    await expect(runner.run(task, "héllo")).resolves.toMatchObject({ output: "héllo" });
  });

  test("record fields become the parameters; u64 crosses as numbers and BigInts", async () => {
    const task = await componentTask("add", { export: "add", input: { a: "u64", b: "u64" }, output: "u64" });
    await expect(runner.run(task, { a: 2, b: 3 })).resolves.toMatchObject({ output: 5 });
    await expect(runner.run(task, { a: 2n ** 63n, b: 2n ** 62n })).resolves.toMatchObject({
      output: 2n ** 63n + 2n ** 62n,
    });
  });

  test("an err fails the call with TASK_FAILED carrying the payload; an ok is the output", async () => {
    const task = await componentTask("check", { export: "check", input: "u32", output: "u32" });
    await expect(runner.run(task, 4)).resolves.toMatchObject({ output: 4 });
    await expect(runner.run(task, 3)).rejects.toMatchObject({
      code: "TASK_FAILED",
      message: "the component returned err: odd",
      details: { payload: "odd", task: "check" },
    });
  });

  test("declared as the output, a result's err is a value", async () => {
    const task = await componentTask("check-value", {
      export: "check",
      input: "u32",
      output: "result<u32, string>",
    });
    await expect(runner.run(task, 3)).resolves.toMatchObject({ output: { tag: "err", val: "odd" } });
    await expect(runner.run(task, 2)).resolves.toMatchObject({ output: { tag: "ok", val: 2 } });
  });

  test("a trap is TRAP, an endless loop TIMEOUT, a memory bomb MEMORY_LIMIT; the pool serves afterwards", async () => {
    const boom = await componentTask("boom", { export: "boom", input: "u32", output: "u32" });
    const spin = await componentTask("spin", {
      export: "spin",
      input: "u32",
      output: "u32",
      limits: { timeoutMs: 300 },
    });
    const bomb = await componentTask("bomb", {
      export: "bomb",
      input: "u32",
      output: "u32",
      limits: { maxMemoryPages: 4 },
    });
    const count = await componentTask("count", { export: "count", input: "u32", output: "u32" });
    await expect(runner.run(boom, 1)).rejects.toMatchObject({ code: "TRAP", details: { kind: "unreachable" } });
    await expect(runner.run(count, 0)).resolves.toMatchObject({ output: 1 });
    await expect(runner.run(spin, 1)).rejects.toMatchObject({ code: "TIMEOUT" });
    await expect(runner.run(count, 0)).resolves.toMatchObject({ output: 1 });
    await expect(runner.run(bomb, 1)).rejects.toMatchObject({
      code: "MEMORY_LIMIT",
      details: { maximumBytes: 4 * 65_536 },
    });
    await expect(runner.run(bomb, 1, { instance: "reuse" })).rejects.toMatchObject({ code: "MEMORY_LIMIT" });
    await expect(runner.run(count, 0)).resolves.toMatchObject({ output: 1 });
  });

  test("fresh instances share nothing; a reused one keeps its state", async () => {
    const count = await componentTask("count-state", { export: "count", input: "u32", output: "u32" });
    for (let i = 0; i < 3; i++) await expect(runner.run(count, 0)).resolves.toMatchObject({ output: 1 });
    const reused = [];
    for (let i = 0; i < 3; i++) reused.push((await runner.run(count, 0, { instance: "reuse" })).output);
    expect(reused).toEqual([1, 2, 3]);
  });

  test("the input is checked against the declared type before the call, and bounded by maxInputBytes", async () => {
    const task = await componentTask("echo-input", {
      export: "wasmflow:task/run@0.1.0#run",
      input: "string",
      output: "string",
      limits: { maxInputBytes: 16 },
    });
    await expect(runner.run(task, 5)).rejects.toMatchObject({ code: "INPUT_INVALID" });
    await expect(runner.run(task, "x".repeat(100))).rejects.toMatchObject({ code: "INPUT_TOO_LARGE" });
  });

  test("outputs are bounded by maxOutputBytes", async () => {
    const task = await componentTask("echo-output", {
      export: "wasmflow:task/run@0.1.0#run",
      input: "string",
      output: "string",
      limits: { maxOutputBytes: 8 },
    });
    await expect(runner.run(task, "x".repeat(20), { maxInputBytes: 100 })).rejects.toMatchObject({
      code: "OUTPUT_TOO_LARGE",
    });
  });
});
