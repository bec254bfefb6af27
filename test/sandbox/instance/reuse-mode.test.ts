import { expect, test } from "vitest";
import { runPlainCall, runSdkCall } from "../../../runtime/sandbox/instance/index.js";
import { builtTask, expectError, expectOk, packr, prepareWat } from "./helpers.js";

const number = { params: ["number"], result: "number" } as const;
const reuse = { instance: "reuse" } as const;

const counter = `(module
  (import "env" "memory" (memory $mem 1 2))
  (global $calls (mut i32) (i32.const 0))
  (func (export "count") (param $trap i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.store (i32.const 64) (i32.add (i32.load (i32.const 64)) (i32.const 1)))
    (if (local.get $trap) (then unreachable))
    (i32.add (i32.mul (global.get $calls) (i32.const 1000)) (i32.load (i32.const 64)))))`;

test("in reuse mode globals and memory persist from call to call: that is the point of the mode", async () => {
  const prepared = await prepareWat(counter);
  const results = [1, 2, 3].map(() => expectOk(runPlainCall(prepared, "count", [0], number, reuse)));
  expect(results).toEqual([1001, 2002, 3003]);
});

test("fresh calls of the same module are not affected by the kept instance, nor it by them", async () => {
  const prepared = await prepareWat(counter);
  expectOk(runPlainCall(prepared, "count", [0], number, reuse));
  expect(expectOk(runPlainCall(prepared, "count", [0], number))).toBe(1001);
  expect(expectOk(runPlainCall(prepared, "count", [0], number, reuse))).toBe(2002);
});

test("an instance that trapped is discarded; the trap is retried once on a new one", async () => {
  const prepared = await prepareWat(counter);
  expectOk(runPlainCall(prepared, "count", [0], number, reuse));
  // Deterministic trap: the retry on a new instance traps too, and its outcome is final.
  expect(expectError(runPlainCall(prepared, "count", [1], number, reuse), "TRAP").details.kind).toBe("unreachable");
  expect(prepared.reused).toBeUndefined();
  expect(expectOk(runPlainCall(prepared, "count", [0], number, reuse))).toBe(1001);
});

test("a failure on a kept instance's first call is not retried", async () => {
  const prepared = await prepareWat(`(module
    (import "wasmflow" "log" (func $log (param i32 i32 i32)))
    (import "env" "memory" (memory $mem 1 2))
    (func (export "f") (param i32) (result i32) (call $log (i32.const 1) (i32.const 0) (i32.const 0)) unreachable))`);
  const outcome = runPlainCall(prepared, "f", [0], number, reuse);
  expectError(outcome, "TRAP");
  expect(outcome.logs).toHaveLength(1);
});

test("a stub-runtime sdk task whose kept heap fills up is retried on a new instance and succeeds", async () => {
  // word-count's heap only grows; after enough calls the kept instance runs out of memory.
  const prepared = builtTask("word-count");
  const input = packr.pack({ text: "lorem ipsum ".repeat(2_000) });
  const instances = new Set<WebAssembly.Instance | undefined>();
  for (let i = 0; i < 40; i++) {
    const output = expectOk(runSdkCall(prepared, "run", input, reuse));
    expect(packr.unpack(output)).toEqual({ words: 4_000, vowels: 8_000 });
    instances.add(prepared.reused?.instance);
  }
  expect(instances.size).toBeGreaterThan(1);
});
