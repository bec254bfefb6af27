import { expect, test } from "vitest";
import { runSdkCall } from "../../../runtime/sandbox/instance/index.js";
import { expectError, expectOk, prepareWat, sdkWat } from "./helpers.js";

/** An entry returning a descriptor at 512 that says (outPtr, outLen); memory is one page (65536 bytes). */
function describing(outPtr: number, outLen: number, descriptorAt = 512): string {
  return sdkWat(
    `(i32.store (i32.const 512) (i32.const ${outPtr}))
     (i32.store (i32.const 516) (i32.const ${outLen}))
     (i32.const ${descriptorAt})`,
    { memory: "1 1" },
  );
}

test("the output bytes the descriptor points at are copied out of guest memory", async () => {
  const prepared = await prepareWat(
    sdkWat(`(i32.store (i32.const 512) (i32.const 600)) (i32.store (i32.const 516) (i32.const 3)) (i32.const 512)`, {
      extra: `(data (i32.const 600) "\\a1\\62\\63")`,
    }),
  );
  const output = expectOk(runSdkCall(prepared, "run", new Uint8Array()));
  expect([...output]).toEqual([0xa1, 0x62, 0x63]);
  expect(output.buffer.byteLength).toBe(3);
});

test.each([
  ["a descriptor past the end of memory", describing(600, 3, 70_000), { ptr: 70_000, len: 8 }],
  ["a descriptor straddling the end of memory", describing(600, 3, 65_532), { ptr: 65_532, len: 8 }],
  ["a descriptor at a negative address", describing(600, 3, -4), { ptr: 4_294_967_292, len: 8 }],
  ["an output pointer at the end of memory", describing(65_536, 1), { ptr: 65_536, len: 1 }],
  ["an output running past the end of memory", describing(65_000, 1_000), { ptr: 65_000, len: 1_000 }],
  ["a garbage output length", describing(600, -1), { ptr: 600, len: 4_294_967_295 }],
])("%s is a GUEST_PROTOCOL_ERROR with ptr, len and memory size", async (_name, source, where) => {
  const error = expectError(runSdkCall(await prepareWat(source), "run", new Uint8Array()), "GUEST_PROTOCOL_ERROR");
  expect(error.details).toEqual({ ...where, memoryBytes: 65_536 });
});

test("an empty output at the very end of memory is valid", async () => {
  expect(expectOk(runSdkCall(await prepareWat(describing(65_536, 0)), "run", new Uint8Array()))).toHaveLength(0);
});

test.each([
  ["past the end of memory", "70000"],
  ["negative", "-16"],
  ["so close to the end that the input does not fit", "65530"],
])("wasmflow_alloc returning a pointer %s is a GUEST_PROTOCOL_ERROR", async (_name, ptr) => {
  const prepared = await prepareWat(`(module
    (memory (export "memory") 1 1)
    (func (export "wasmflow_alloc") (param i32) (result i32) (i32.const ${ptr}))
    (func (export "run") (param i32 i32) (result i32) unreachable))`);
  const error = expectError(runSdkCall(prepared, "run", new Uint8Array(10)), "GUEST_PROTOCOL_ERROR");
  expect(error.details).toEqual({ ptr: Number(ptr) >>> 0, len: 10, memoryBytes: 65_536 });
});

test("an output over maxOutputBytes is OUTPUT_TOO_LARGE, checked before copying", async () => {
  const prepared = await prepareWat(describing(1_024, 40_000));
  const error = expectError(
    runSdkCall(prepared, "run", new Uint8Array(), { maxOutputBytes: 32_768 }),
    "OUTPUT_TOO_LARGE",
  );
  expect(error.details).toEqual({ actual: 40_000, limit: 32_768 });
});

test("the input reaches the guest at the pointer wasmflow_alloc returned", async () => {
  // The entry echoes its input: the descriptor says (ptr, len) of the input itself.
  const prepared = await prepareWat(
    sdkWat(`(i32.store (i32.const 512) (local.get $ptr)) (i32.store (i32.const 516) (local.get $len)) (i32.const 512)`),
  );
  const input = new TextEncoder().encode("echo me");
  expect(expectOk(runSdkCall(prepared, "run", input))).toEqual(input);
});
