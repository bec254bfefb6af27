import { expect, test } from "vitest";
import { type PreparedModule, runPlainCall } from "../../../runtime/sandbox/instance/index.js";
import { expectOk, prepareWat } from "./helpers.js";

const number = { params: ["number"], result: "number" } as const;

/**
 * `store(secret)` writes it to memory (at 2048, past the data segment), over the data segment,
 * to a global and to a table slot; the `peek…` exports read them back, and the memory's size.
 */
function secretKeeper(memory: string): string {
  return `(module
    ${memory}
    (export "memory" (memory $mem))
    (data (i32.const 16) "initial")
    (global $secret (mut i32) (i32.const 0))
    (table $t 1 funcref)
    (func $marker (result i32) (i32.const 99))
    (func (export "store") (param $secret i32) (result i32)
      (i32.store (i32.const 2048) (local.get $secret))
      (i32.store8 (i32.const 16) (i32.const 88))
      (global.set $secret (local.get $secret))
      (table.set $t (i32.const 0) (ref.func $marker))
      (local.get $secret))
    (func (export "grow") (param i32) (result i32) (memory.grow (i32.const 2)))
    (func (export "peekMemory") (param i32) (result i32) (i32.load (i32.const 2048)))
    (func (export "peekData") (param i32) (result i32) (i32.load8_u (i32.const 16)))
    (func (export "peekGlobal") (param i32) (result i32) (global.get $secret))
    (func (export "peekSize") (param i32) (result i32) (memory.size))
    (func (export "peekTable") (param i32) (result i32) (ref.is_null (table.get $t (i32.const 0))))
    (elem declare func $marker))`;
}

const peek = (prepared: PreparedModule, what: string) => expectOk(runPlainCall(prepared, what, [0], number));

test.each([
  ["imports its memory", '(import "env" "memory" (memory $mem 1 4))'],
  ["defines its own memory", "(memory $mem 1 4)"],
])("a module that %s starts every call from its initial state", async (_name, memory) => {
  const prepared = await prepareWat(secretKeeper(memory));
  expect(expectOk(runPlainCall(prepared, "store", [0x5ec2e7], number))).toBe(0x5ec2e7);
  expect(peek(prepared, "peekMemory")).toBe(0);
  expect(peek(prepared, "peekData")).toBe("i".charCodeAt(0));
  expect(peek(prepared, "peekGlobal")).toBe(0);
  expect(peek(prepared, "peekSize")).toBe(1);
  expect(peek(prepared, "peekTable")).toBe(1);
});

test.each([
  ["imports its memory", '(import "env" "memory" (memory $mem 1 4))'],
  ["defines its own memory", "(memory $mem 1 4)"],
])("a module that %s sees its initial memory size after a call grew it", async (_name, memory) => {
  const prepared = await prepareWat(secretKeeper(memory));
  expect(peek(prepared, "grow")).toBe(1);
  expect(peek(prepared, "peekSize")).toBe(1);
});

test("a call that trapped half-way leaves nothing behind for the next", async () => {
  const prepared = await prepareWat(`(module
    (import "env" "memory" (memory $mem 1 4))
    (func (export "dirty") (param i32) (result i32)
      (i32.store (i32.const 4096) (i32.const 1234))
      unreachable)
    (func (export "peek") (param i32) (result i32) (i32.load (i32.const 4096))))`);
  expect(runPlainCall(prepared, "dirty", [0], number).status).toBe("error");
  expect(peek(prepared, "peek")).toBe(0);
});
