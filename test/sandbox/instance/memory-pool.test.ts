import { expect, test } from "vitest";
import { runPlainCall } from "../../../runtime/sandbox/instance/index.js";
import { expectOk, prepareWat } from "./helpers.js";

const importing = `(module
  (import "env" "memory" (memory $mem 1 4))
  (func (export "fill") (memory.fill (i32.const 0) (i32.const 7) (i32.const 65536)))
  (func (export "grow") (drop (memory.grow (i32.const 1)))))`;
const noArgs = { params: [], result: "void" } as const;

test("calls of a module importing its memory share one memory, zeroed before each call", async () => {
  const prepared = await prepareWat(importing);
  const first = prepared.freshMemory();
  expectOk(runPlainCall(prepared, "fill", [], noArgs));
  expect(new Uint8Array(first?.buffer ?? new ArrayBuffer(1))[100]).toBe(7);
  const second = prepared.freshMemory();
  expect(second).toBe(first);
  expect(new Uint8Array(second?.buffer ?? new ArrayBuffer(1)).every((byte) => byte === 0)).toBe(true);
});

test("a memory a call grew is replaced by a new one at the declared initial size", async () => {
  const prepared = await prepareWat(importing);
  const first = prepared.freshMemory();
  expectOk(runPlainCall(prepared, "grow", [], noArgs));
  const next = prepared.freshMemory();
  expect(next).not.toBe(first);
  expect(next?.buffer.byteLength).toBe(65_536);
});

test("a module with its own memory has nothing pooled", async () => {
  const prepared = await prepareWat(`(module (memory 1 4) (func (export "f")))`);
  expect(prepared.freshMemory()).toBeUndefined();
  expect(prepared.importedMemory).toBeUndefined();
});
