import { beforeAll, expect, test } from "vitest";
import { fixtureModule } from "../build/fixture-modules.js";
import { callSdk, packr } from "./sdk-host.js";

let module: WebAssembly.Module;

beforeAll(async () => {
  module = await fixtureModule("host-calls");
});

const message = "héllo 👋";

test("log, logDebug, logWarn and logError reach wasmflow.log with their level and UTF-8 text", () => {
  const result = callSdk(module, "talk", packr.pack({ message, stop: false }));
  expect(result.status).toBe("ok");
  expect(result.logs).toEqual([
    { level: 0, message: `debug: ${message}` },
    { level: 1, message: `info: ${message}` },
    { level: 2, message: `warn: ${message}` },
    { level: 3, message: `error: ${message}` },
  ]);
  if (result.status === "ok") expect(packr.unpack(result.output)).toEqual({ logged: 4 });
});

test("fail reaches wasmflow.fail with its message and the task goes no further", () => {
  const result = callSdk(module, "talk", packr.pack({ message, stop: true }));
  expect(result).toEqual({ status: "failed", message: `stopped: ${message}`, logs: expect.any(Array) });
  expect(result.logs).toHaveLength(4);
});
