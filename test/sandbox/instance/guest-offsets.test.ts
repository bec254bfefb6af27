import { expect, test } from "vitest";
import { runPlainCall } from "../../../runtime/sandbox/instance/index.js";
import { wat } from "../../helpers/wat.js";
import { prepareBytes } from "./helpers.js";

// A failed call says where in the module its guest frames stood, as byte offsets — what source
// maps are keyed by. The functions below end their bodies with known bytes, so the offsets are
// known too: `end` (0x0b) is the last byte of the module.

const noArgs = { params: [], result: "void" } as const;

test("a trap's frames: the trapping instruction, then each call that led to it, innermost first", async () => {
  // $inner: `unreachable end` → the trap at length - 2. $outer's body, just before: `call 0 end`.
  const bytes = await wat(`(module
    (func $outer (export "f") call $inner)
    (func $inner unreachable))`);
  const outcome = runPlainCall(prepareBytes(bytes), "f", [], noArgs);
  expect(outcome.status).toBe("error");
  const innerBody = bytes.length - 2;
  // The code section lists $outer's body (size, 0 locals, call 0, end) before $inner's (size, 0 locals, unreachable, end).
  expect(outcome.status === "error" ? outcome.offsets : undefined).toEqual([innerBody, innerBody - 5]);
});

test("an abort's frames start at the guest's call to the import, not in the host", async () => {
  // `call $abort` with four i32.const 0 before it, `end` after: the call at length - 3.
  const bytes = await wat(`(module
    (import "env" "abort" (func $abort (param i32 i32 i32 i32)))
    (memory (export "memory") 1 1)
    (func (export "f") (call $abort (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 1))))`);
  const outcome = runPlainCall(prepareBytes(bytes), "f", [], noArgs);
  expect(outcome.status === "error" ? [outcome.error.code, outcome.offsets] : undefined).toEqual([
    "GUEST_ABORT",
    [bytes.length - 3],
  ]);
});

test("failures that happen at no place in the guest's code carry no offsets", async () => {
  const bytes = await wat(`(module (func (export "f") (result i32) i32.const 1))`);
  const outcome = runPlainCall(prepareBytes(bytes), "missing", [], noArgs);
  expect(outcome.status === "error" ? [outcome.error.code, outcome.offsets] : undefined).toEqual([
    "GUEST_PROTOCOL_ERROR",
    undefined,
  ]);
});
