import { expect, test } from "vitest";
import { runSdkCall } from "../../../runtime/sandbox/instance/index.js";
import { expectOk, prepareWat, sdkWat } from "./helpers.js";

const logImport = `(import "wasmflow" "log" (func $log (param i32 i32 i32)))`;

/** Logs the message at 16..16+len `count` times at `level`, then returns a valid empty output. */
function logging(count: number, len: number, level = 1, message = "hello from the guest"): string {
  return sdkWat(
    `(local $i i32)
     (loop $again
       (call $log (i32.const ${level}) (i32.const 16) (i32.const ${len}))
       (local.set $i (i32.add (local.get $i) (i32.const 1)))
       (br_if $again (i32.lt_u (local.get $i) (i32.const ${count}))))
     (i32.const 0)`,
    { extra: `${logImport} (data (i32.const 16) "${message}")` },
  );
}

test("a guest logging 10 000 lines keeps the first 100 and counts the rest as dropped", async () => {
  const outcome = runSdkCall(await prepareWat(logging(10_000, 20)), "run", new Uint8Array());
  expectOk(outcome);
  expect(outcome.logs).toHaveLength(100);
  expect(outcome.droppedLogs).toBe(9_900);
  expect(outcome.logs[0]).toEqual({ level: "info", message: "hello from the guest" });
});

test("a long message is cut at maxMessageBytes with a marker", async () => {
  const outcome = runSdkCall(await prepareWat(logging(1, 20_000)), "run", new Uint8Array());
  expectOk(outcome);
  const [record] = outcome.logs;
  expect(record?.message).toMatch(/^hello from the guest\0+… \[15904 bytes cut\]$/);
});

test("the total across messages is bounded, counting what does not fit as dropped", async () => {
  const outcome = runSdkCall(await prepareWat(logging(50, 3_000)), "run", new Uint8Array(), {
    logs: { maxTotalBytes: 10_000 },
  });
  expectOk(outcome);
  expect(outcome.logs).toHaveLength(3);
  expect(outcome.droppedLogs).toBe(47);
});

test.each([
  [0, "debug"],
  [1, "info"],
  [2, "warn"],
  [3, "error"],
  [9, "info"],
])("log level %i is recorded as %s", async (code, level) => {
  const outcome = runSdkCall(await prepareWat(logging(1, 5, code)), "run", new Uint8Array());
  expect(outcome.logs).toEqual([{ level, message: "hello" }]);
});

test("a log message outside memory becomes a placeholder record, not a failure", async () => {
  const prepared = await prepareWat(
    sdkWat(`(call $log (i32.const 1) (i32.const 65530) (i32.const 100)) (i32.const 0)`, { extra: logImport }),
  );
  const outcome = runSdkCall(prepared, "run", new Uint8Array());
  expectOk(outcome);
  expect(outcome.logs).toEqual([
    { level: "info", message: "<message at 65530 with 100 bytes is outside guest memory>" },
  ]);
});

test("env.trace becomes a debug record with its numeric arguments", async () => {
  const prepared = await prepareWat(
    sdkWat(
      `(call $trace (i32.const 64) (i32.const 2) (f64.const 1.5) (f64.const -2) (f64.const 9) (f64.const 9) (f64.const 9))
       (i32.const 0)`,
      {
        extra: `(import "env" "trace" (func $trace (param i32 i32 f64 f64 f64 f64 f64)))
                (data (i32.const 60) "\\04\\00\\00\\00h\\00i\\00")`,
      },
    ),
  );
  const outcome = runSdkCall(prepared, "run", new Uint8Array());
  expect(outcome.logs).toEqual([{ level: "debug", message: "trace: hi 1.5, -2" }]);
});

test("logs written before a failure come back with the error", async () => {
  const prepared = await prepareWat(
    sdkWat(`(call $log (i32.const 2) (i32.const 16) (i32.const 5)) unreachable`, {
      extra: `${logImport} (data (i32.const 16) "about to trap")`,
    }),
  );
  const outcome = runSdkCall(prepared, "run", new Uint8Array());
  expect(outcome.status).toBe("error");
  expect(outcome.logs).toEqual([{ level: "warn", message: "about" }]);
});
