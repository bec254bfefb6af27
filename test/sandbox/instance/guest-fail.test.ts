import { expect, test } from "vitest";
import { runSdkCall } from "../../../runtime/sandbox/instance/index.js";
import { expectError, prepareWat, sdkWat } from "./helpers.js";

const failImport = `(import "wasmflow" "fail" (func $fail (param i32 i32)))`;

function failing(body: string): string {
  return sdkWat(body, { extra: `${failImport} (data (i32.const 16) "input.items[2].name: expected string, got int")` });
}

test("wasmflow.fail ends the call with TASK_FAILED and the guest's UTF-8 message", async () => {
  const prepared = await prepareWat(failing(`(call $fail (i32.const 16) (i32.const 45)) unreachable`));
  const error = expectError(runSdkCall(prepared, "run", new Uint8Array([0xc0])), "TASK_FAILED");
  expect(error.message).toBe("input.items[2].name: expected string, got int");
  expect(error.details.message).toBe(error.message);
});

test("a guest that catches the failure and returns normally still fails with TASK_FAILED", async () => {
  // With exception handling, a guest can catch what the import throws; the call must not succeed.
  const prepared = await prepareWat(
    failing(`(try (do (call $fail (i32.const 16) (i32.const 5))) (catch_all)) (i32.const 0)`),
  );
  const error = expectError(runSdkCall(prepared, "run", new Uint8Array()), "TASK_FAILED");
  expect(error.message).toBe("input");
});

test("a guest that catches the failure and then traps reports the failure, not the trap", async () => {
  const prepared = await prepareWat(
    failing(`(try (do (call $fail (i32.const 16) (i32.const 5))) (catch_all)) unreachable`),
  );
  expect(expectError(runSdkCall(prepared, "run", new Uint8Array()), "TASK_FAILED").message).toBe("input");
});

test.each([
  ["outside memory", "70000", "4"],
  ["with a length past the end", "65000", "1000"],
  ["with a negative length", "16", "-1"],
])("a fail message %s still gives TASK_FAILED with a placeholder", async (_name, ptr, len) => {
  const prepared = await prepareWat(failing(`(call $fail (i32.const ${ptr}) (i32.const ${len})) unreachable`));
  const error = expectError(runSdkCall(prepared, "run", new Uint8Array()), "TASK_FAILED");
  expect(error.message).toMatch(/^<message at \d+ with \d+ bytes is outside guest memory>$/);
});

test("a fail message with invalid UTF-8 decodes with replacement characters", async () => {
  const prepared = await prepareWat(
    sdkWat(`(call $fail (i32.const 16) (i32.const 4)) unreachable`, {
      extra: `${failImport} (data (i32.const 16) "ok\\ff\\fe")`,
    }),
  );
  expect(expectError(runSdkCall(prepared, "run", new Uint8Array()), "TASK_FAILED").message).toBe("ok\ufffd\ufffd");
});
