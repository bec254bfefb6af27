import { describe, expect, test } from "vitest";
import { TaskValidationError } from "../../runtime/errors/index.js";
import { Store } from "../../runtime/store/index.js";
import { parseTaskDefinition, TaskRegistry } from "../../runtime/tasks/index.js";
import { wat } from "../helpers/wat.js";

// The ptr-len ABI at registration: the exports it needs, and only string or bytes each way.

interface PtrLenWat {
  readonly alloc?: string;
  readonly entry?: string;
  readonly memory?: string;
}

function ptrLenModule(options: PtrLenWat = {}): Promise<Uint8Array> {
  return wat(`(module
    ${options.memory ?? '(memory (export "memory") 1)'}
    ${options.alloc ?? '(func (export "alloc") (param i32) (result i32) (i32.const 1024))'}
    ${options.entry ?? '(func (export "run") (param i32 i32) (result i64) (i64.const 0))'})`);
}

function ptrLen(overrides: Record<string, unknown> = {}) {
  return parseTaskDefinition({
    name: "shout",
    abi: "ptr-len",
    module: "shout.wasm",
    input: "string",
    output: "string",
    ...overrides,
  });
}

function refusal(overrides: Record<string, unknown>, bytes: Uint8Array): TaskValidationError {
  try {
    new TaskRegistry(Store.open({ home: ":memory:" })).register(ptrLen(overrides), bytes);
  } catch (error) {
    if (error instanceof TaskValidationError) return error;
    throw error;
  }
  throw new Error("module was accepted");
}

describe("ptr-len definitions", () => {
  test.each([
    ["string", "string"],
    ["string", "bytes"],
    ["bytes", "string"],
    ["bytes", "bytes"],
  ])("input %s, output %s: accepted, abi ptr-len", async (input, output) => {
    const tasks = new TaskRegistry(Store.open({ home: ":memory:" }));
    const { task } = tasks.register(ptrLen({ input, output }), await ptrLenModule());
    expect(task.abi).toBe("ptr-len");
    expect(tasks.get("shout").definition.abi).toBe("ptr-len");
  });

  test.each([
    ["input", { input: { text: "string" } }, "record{text: string}"],
    ["input", { input: "u32" }, "u32"],
    ["output", { output: "list<u32>" }, "list<u32>"],
    ["output", { output: "option<string>" }, "option<string>"],
  ])("a %s that is neither string nor bytes is refused: PTR_LEN_TYPE_UNSUPPORTED", async (path, overrides, actual) => {
    const error = refusal(overrides, await ptrLenModule());
    expect(error.code).toBe("TASK_INVALID");
    expect(error.issues).toEqual([
      expect.objectContaining({ code: "PTR_LEN_TYPE_UNSUPPORTED", path, expected: "string or bytes", actual }),
    ]);
  });

  test("both sides wrong: two issues, with every other problem of the module", async () => {
    const error = refusal({ input: "u32", output: "bool" }, await ptrLenModule({ alloc: "" }));
    expect(error.issues.map((i) => [i.code, i.path])).toEqual([
      ["PTR_LEN_TYPE_UNSUPPORTED", "input"],
      ["PTR_LEN_TYPE_UNSUPPORTED", "output"],
      ["MISSING_EXPORT", "exports.alloc"],
    ]);
  });

  test.each([
    ["no memory export", { memory: "(memory 1)" }, "MISSING_EXPORT", "exports.memory"],
    ["no allocator", { alloc: "" }, "MISSING_EXPORT", "exports.alloc"],
    [
      "an allocator of another type",
      { alloc: '(func (export "alloc") (param i64) (result i32) (i32.const 0))' },
      "SIGNATURE_MISMATCH",
      "exports.alloc",
    ],
    [
      "an entry answering i32, as the sdk ABI's does",
      { entry: '(func (export "run") (param i32 i32) (result i32) (i32.const 0))' },
      "SIGNATURE_MISMATCH",
      "exports.run",
    ],
  ])("%s is refused", async (_, module, code, path) => {
    const error = refusal({}, await ptrLenModule(module));
    expect(error.issues).toEqual([expect.objectContaining({ code, path })]);
  });

  test("the entry's expected signature is spelt out", async () => {
    const error = refusal({}, await ptrLenModule({ entry: "" }));
    expect(error.issues).toEqual([
      expect.objectContaining({ code: "MISSING_EXPORT", path: "exports.run", expected: "func (i32, i32) -> i64" }),
    ]);
  });
});
