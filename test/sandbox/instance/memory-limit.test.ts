import { beforeAll, expect, test } from "vitest";
import { runPlainCall } from "../../../runtime/sandbox/instance/index.js";
import { compileAssemblyScript } from "./assemblyscript.js";
import { expectError, expectOk, prepareBytes, prepareWat } from "./helpers.js";

const pageBytes = 65_536;
const number = { params: ["number"], result: "number" } as const;

// Keeps every buffer it allocates: the stub runtime's allocator never frees anyway.
const hoarder = `
const kept: ArrayBuffer[] = [];
export function hoard(count: i32): i32 {
  for (let i = 0; i < count; i++) kept.push(new ArrayBuffer(16 * 1024));
  return kept.length;
}
export function huge(): usize {
  return heap.alloc(0x7fff0000);
}`;

let ownMemory: Uint8Array;
let importedMemory: Uint8Array;
beforeAll(async () => {
  const flags = ["--runtime", "stub", "--optimizeLevel", "3", "--maximumMemory", "2"];
  ownMemory = await compileAssemblyScript(hoarder, flags);
  importedMemory = await compileAssemblyScript(hoarder, [...flags, "--importMemory"]);
}, 60_000);

test.each([
  ["its own memory", () => ownMemory],
  ["an imported memory", () => importedMemory],
])("the AssemblyScript allocator running out of %s is MEMORY_LIMIT", (_name, bytes) => {
  const prepared = prepareBytes(bytes());
  // 2 pages hold a handful of 16 KiB buffers; within them the call succeeds.
  expect(expectOk(runPlainCall(prepared, "hoard", [2], number))).toBe(2);
  const error = expectError(runPlainCall(prepared, "hoard", [100], number), "MEMORY_LIMIT");
  expect(error.details).toMatchObject({ memoryBytes: 2 * pageBytes, maximumBytes: 2 * pageBytes, trap: "unreachable" });
});

test("an allocation larger than the allocator can ever serve (its abort) is MEMORY_LIMIT", () => {
  const error = expectError(
    runPlainCall(prepareBytes(importedMemory), "huge", [], { params: [], result: "number" }),
    "MEMORY_LIMIT",
  );
  expect(error.details).toMatchObject({ abort: { message: "Allocation too large", file: "~lib/rt/stub.ts" } });
});

test("a memory.grow bomb stops at the declared maximum and touching beyond it is MEMORY_LIMIT", async () => {
  const prepared = await prepareWat(`(module
    (memory (export "memory") 1 8)
    (func (export "bomb") (result i32)
      (loop $grow (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
      (i32.store (i32.mul (memory.size) (i32.const 65536)) (i32.const 1))
      (memory.size)))`);
  const outcome = runPlainCall(prepared, "bomb", [], { params: [], result: "number" });
  const error = expectError(outcome, "MEMORY_LIMIT");
  expect(error.details).toMatchObject({ memoryBytes: 8 * pageBytes, trap: "out_of_bounds_memory" });
});

test("a grow bomb that stops at -1 without touching anything simply returns", async () => {
  const prepared = await prepareWat(`(module
    (memory (export "memory") 1 8)
    (func (export "bomb") (result i32)
      (loop $grow (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
      (memory.size)))`);
  expect(expectOk(runPlainCall(prepared, "bomb", [], { params: [], result: "number" }))).toBe(8);
});

test("a trap below the maximum is an ordinary TRAP, not MEMORY_LIMIT", async () => {
  const prepared = await prepareWat(`(module (memory (export "memory") 1 8) (func (export "f") unreachable))`);
  const error = expectError(runPlainCall(prepared, "f", [], { params: [], result: "void" }), "TRAP");
  expect(error.details.kind).toBe("unreachable");
});
