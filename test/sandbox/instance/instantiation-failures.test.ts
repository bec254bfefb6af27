import { expect, test } from "vitest";
import { runPlainCall, runSdkCall } from "../../../runtime/sandbox/instance/index.js";
import { expectError, prepareWat } from "./helpers.js";

const noArgs = { params: [], result: "void" } as const;

test("a start function that traps fails the call as a TRAP, before anything is called", async () => {
  const prepared = await prepareWat(`(module (func $start unreachable) (start $start) (func (export "f")))`);
  const outcome = runPlainCall(prepared, "f", [], noArgs);
  const error = expectError(outcome, "TRAP");
  expect(error.details.kind).toBe("unreachable");
  expect(outcome.timings.callUs).toBe(0);
});

test("a start function that divides by zero is classified like any trap", async () => {
  const prepared = await prepareWat(
    `(module (func $start (drop (i32.div_u (i32.const 1) (i32.const 0)))) (start $start) (func (export "f")))`,
  );
  expect(expectError(runPlainCall(prepared, "f", [], noArgs), "TRAP").details.kind).toBe("integer_divide_by_zero");
});

test.each([
  ["a function the host does not provide", `(import "env" "now" (func (result f64)))`],
  [
    "a host namespace that does not exist",
    `(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))`,
  ],
  ["a host function with the wrong type", `(import "env" "seed" (global f64))`],
])("importing %s is a GUEST_PROTOCOL_ERROR at instantiation", async (_name, imports) => {
  const prepared = await prepareWat(`(module ${imports} (func (export "f")))`);
  const error = expectError(runPlainCall(prepared, "f", [], noArgs), "GUEST_PROTOCOL_ERROR");
  expect(error.details.phase).toBe("instantiate");
});

test("an active data segment beyond memory fails instantiation as an out-of-bounds TRAP", async () => {
  const prepared = await prepareWat(`(module (memory 1 1) (data (i32.const 65535) "abc") (func (export "f")))`);
  expect(expectError(runPlainCall(prepared, "f", [], noArgs), "TRAP").details.kind).toBe("out_of_bounds_memory");
});

test("an sdk module missing its entry is a GUEST_PROTOCOL_ERROR naming it", async () => {
  const prepared = await prepareWat(
    `(module (memory (export "memory") 1 1) (func (export "wasmflow_alloc") (param i32) (result i32) i32.const 16))`,
  );
  const error = expectError(runSdkCall(prepared, "go", new Uint8Array()), "GUEST_PROTOCOL_ERROR");
  expect(error.message).toContain('"go"');
});
