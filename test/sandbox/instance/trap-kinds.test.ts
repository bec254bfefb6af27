import { expect, test } from "vitest";
import type { TrapKind } from "../../../runtime/errors/index.js";
import { runPlainCall } from "../../../runtime/sandbox/instance/index.js";
import { expectError, prepareWat } from "./helpers.js";

const noArgs = { params: [], result: "void" } as const;

// Each module exports `f`, which traps one way.
const cases: ReadonlyArray<readonly [string, string, TrapKind]> = [
  ["unreachable", `(func (export "f") unreachable)`, "unreachable"],
  ["i32.div_s by zero", `(func (export "f") (drop (i32.div_s (i32.const 1) (i32.const 0))))`, "integer_divide_by_zero"],
  ["i64.rem_u by zero", `(func (export "f") (drop (i64.rem_u (i64.const 1) (i64.const 0))))`, "integer_divide_by_zero"],
  [
    "i32.div_s INT_MIN / -1",
    `(func (export "f") (drop (i32.div_s (i32.const 0x80000000) (i32.const -1))))`,
    "integer_overflow",
  ],
  ["i32.trunc_f64_s of NaN", `(func (export "f") (drop (i32.trunc_f64_s (f64.const nan))))`, "invalid_conversion"],
  ["i32.trunc_f64_s of 1e30", `(func (export "f") (drop (i32.trunc_f64_s (f64.const 1e30))))`, "invalid_conversion"],
  [
    "load past the end of memory",
    `(memory 1 4) (func (export "f") (drop (i32.load (i32.const 70000))))`,
    "out_of_bounds_memory",
  ],
  [
    "call_indirect past the table",
    `(table 1 funcref) (type $t (func)) (func (export "f") (call_indirect (type $t) (i32.const 5)))`,
    "out_of_bounds_table",
  ],
  [
    "call_indirect of a null entry",
    `(table 1 funcref) (type $t (func)) (func (export "f") (call_indirect (type $t) (i32.const 0)))`,
    "indirect_call_signature_mismatch",
  ],
  [
    "call_indirect with the wrong signature",
    `(table 1 funcref) (type $t (func)) (func $g (param i32)) (elem (i32.const 0) $g)
     (func (export "f") (call_indirect (type $t) (i32.const 0)))`,
    "indirect_call_signature_mismatch",
  ],
  ["unbounded recursion", `(func $f (export "f") (call $f))`, "stack_overflow"],
  ["throw of a wasm tag", `(tag $e (param i32)) (func (export "f") (throw $e (i32.const 7)))`, "uncaught_exception"],
];

test.each(cases)("%s is a TRAP of kind %s", async (_name, body, kind) => {
  const prepared = await prepareWat(`(module ${body})`);
  const error = expectError(runPlainCall(prepared, "f", [], noArgs), "TRAP");
  expect(error.details.kind).toBe(kind);
  expect(error.message).toMatch(/^trap: /);
});
