import { expect, test } from "vitest";
import { UsageError } from "../../../runtime/errors/index.js";
import { ThreadRuntime } from "../../../runtime/sandbox/instance/index.js";
import type { ModuleRef, PlainCallRequest } from "../../../runtime/sandbox/protocol.js";
import { wat } from "../../helpers/wat.js";
import { compile, packr } from "./helpers.js";

async function moduleRef(hash: string, body: string): Promise<ModuleRef> {
  return { hash, module: compile(await wat(`(module ${body})`)), memory: null };
}

function plain(module: ModuleRef, entry: string, args: number[]): PlainCallRequest {
  return {
    abi: "plain",
    task: "demo",
    module,
    entry,
    seed: 0,
    instance: "fresh",
    maxOutputBytes: 1024,
    args,
    argKinds: args.map(() => "number"),
    resultKind: "number",
  };
}

const adder = `(func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))`;

test("call runs a plain request and answers with plain data", async () => {
  const runtime = new ThreadRuntime();
  const response = runtime.call(plain(await moduleRef("a", adder), "add", [2, 3]));
  expect(response).toMatchObject({ status: "ok", output: 5, logs: [], droppedLogs: 0 });
});

test("a module is kept by hash: later requests need not carry it", async () => {
  const runtime = new ThreadRuntime();
  runtime.call(plain(await moduleRef("a", adder), "add", [1, 1]));
  const response = runtime.call(plain({ hash: "a", memory: null }, "add", [4, 5]));
  expect(response).toMatchObject({ status: "ok", output: 9 });
});

test("an unknown hash without a module answers need-module", () => {
  const runtime = new ThreadRuntime();
  expect(runtime.call(plain({ hash: "missing", memory: null }, "add", []))).toEqual({
    status: "need-module",
    hash: "missing",
  });
});

test("errors come back as data ready to post, with the logs", async () => {
  const runtime = new ThreadRuntime();
  const bytes = await wat(`(module (func (export "f") (result i32) unreachable))`);
  const response = runtime.call(plain({ hash: "t", module: compile(bytes), memory: null }, "f", []));
  expect(response).toEqual({
    status: "error",
    error: {
      code: "TRAP",
      message: "trap: unreachable",
      details: { kind: "unreachable", message: "unreachable" },
      // Where it trapped, for the host to map to a source line: the `unreachable` before the body's `end`.
      offsets: [bytes.length - 2],
    },
    logs: [],
    droppedLogs: 0,
  });
  expect(() => structuredClone(response)).not.toThrow();
});

test("the least recently used module is evicted beyond maxModules", async () => {
  const runtime = new ThreadRuntime({ maxModules: 2 });
  for (const hash of ["a", "b"]) runtime.call(plain(await moduleRef(hash, adder), "add", [0, 0]));
  runtime.call(plain({ hash: "a", memory: null }, "add", [0, 0]));
  runtime.call(plain(await moduleRef("c", adder), "add", [0, 0]));
  expect([runtime.has("a"), runtime.has("b"), runtime.has("c"), runtime.size]).toEqual([true, false, true, 2]);
});

test("sdk requests use the runtime's log limits", async () => {
  const runtime = new ThreadRuntime({ logs: { maxRecords: 1 } });
  const module = await moduleRef(
    "logger",
    `(import "wasmflow" "log" (func $log (param i32 i32 i32)))
     (memory (export "memory") 1 1)
     (func (export "wasmflow_alloc") (param i32) (result i32) (i32.const 1024))
     (func (export "run") (param i32 i32) (result i32)
       (call $log (i32.const 1) (i32.const 0) (i32.const 0))
       (call $log (i32.const 1) (i32.const 0) (i32.const 0))
       (i32.const 0))`,
  );
  const response = runtime.call({
    abi: "sdk",
    task: "demo",
    module,
    entry: "run",
    seed: 0,
    instance: "fresh",
    maxOutputBytes: 1024,
    input: packr.pack(null),
  });
  expect(response).toMatchObject({ status: "ok", logs: [{ level: "info", message: "" }], droppedLogs: 1 });
});

test("a module importing env.memory without its limits is a UsageError", async () => {
  const runtime = new ThreadRuntime();
  const module = await moduleRef(
    "m",
    `(import "env" "memory" (memory 1 2)) (func (export "f") (result i32) i32.const 0)`,
  );
  expect(() => runtime.call(plain(module, "f", []))).toThrow(UsageError);
  expect(() => runtime.call(plain(module, "f", []))).toThrow(/module m imports env.memory/);
});
