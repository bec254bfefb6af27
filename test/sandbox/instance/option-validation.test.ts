import { expect, test } from "vitest";
import { UsageError } from "../../../runtime/errors/index.js";
import {
  type CallOptions,
  prepareModule,
  runSdkCall,
  ThreadRuntime,
  type ThreadRuntimeOptions,
} from "../../../runtime/sandbox/instance/index.js";
import { wat } from "../../helpers/wat.js";
import { compile } from "./helpers.js";

const module = compile(await wat(`(module (import "env" "memory" (memory 1 2)))`));

test.each<[string, CallOptions]>([
  ["options.seed must be a finite number", { seed: Number.NaN }],
  ['options.instance must be "fresh" or "reuse"', { instance: "pooled" as "fresh" }],
  ["options.maxOutputBytes must be a non-negative integer", { maxOutputBytes: -1 }],
  ["options.maxOutputBytes must be a non-negative integer", { maxOutputBytes: 1.5 }],
  ["options.logs.maxRecords must be a non-negative integer", { logs: { maxRecords: -1 } }],
  [
    "options.logs.maxMessageBytes must be a non-negative integer",
    { logs: { maxMessageBytes: Number.POSITIVE_INFINITY } },
  ],
  ["options.logs.maxTotalBytes must be a non-negative integer", { logs: { maxTotalBytes: Number.NaN } }],
])("%s", (message, options) => {
  const prepared = prepareModule({ hash: "h", module, memory: { initial: 1, maximum: 2 } });
  expect(() => runSdkCall(prepared, "run", new Uint8Array(), options)).toThrow(new UsageError(message));
});

test.each<[string, ThreadRuntimeOptions]>([
  ["options.maxModules must be a positive integer", { maxModules: 0 }],
  ["options.logs.maxRecords must be a non-negative integer", { logs: { maxRecords: 0.5 } }],
])("%s", (message, options) => {
  expect(() => new ThreadRuntime(options)).toThrow(new UsageError(message));
});

test.each([
  ["module h imports env.memory: module.memory must give its limits", null],
  ["module h: module.memory.initial must be an integer from 0 to 65536", { initial: -1, maximum: 2 }],
  ["module h: module.memory.maximum must be an integer from initial to 65536", { initial: 1 }],
  ["module h: module.memory.maximum must be an integer from initial to 65536", { initial: 3, maximum: 2 }],
])("%s", (message, memory) => {
  expect(() => prepareModule({ hash: "h", module, memory })).toThrow(new UsageError(message));
});

test("a module source must be a compiled WebAssembly.Module", () => {
  const bytes = new Uint8Array() as unknown as WebAssembly.Module;
  expect(() => prepareModule({ hash: "h", module: bytes, memory: null })).toThrow(
    new UsageError("module h: module.module must be a WebAssembly.Module"),
  );
});
