import { expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { classifyError } from "../../../runtime/sandbox/instance/index.js";

test("a TaskRunError passes through unchanged", () => {
  const error = new TaskRunError("TASK_FAILED", "no");
  expect(classifyError(error)).toBe(error);
});

test.each([
  ["a plain object", { reason: "x" }],
  ["a string", "boom"],
  ["undefined", undefined],
])("a thrown value that is not an Error (%s) is an uncaught_exception TRAP", (_name, value) => {
  const error = classifyError(value);
  expect(error.code).toBe("TRAP");
  expect(error.details.kind).toBe("uncaught_exception");
});

test("a RangeError for the call stack is a stack_overflow TRAP", () => {
  expect(classifyError(new RangeError("Maximum call stack size exceeded")).details.kind).toBe("stack_overflow");
});

test("the engine failing to allocate a memory is MEMORY_LIMIT", () => {
  const error = classifyError(new RangeError("WebAssembly.Instance(): Out of memory: Cannot allocate Wasm memory"));
  expect(error.code).toBe("MEMORY_LIMIT");
});

test.each([
  ["LinkError", new WebAssembly.LinkError("function import requires a callable")],
  ["CompileError", new WebAssembly.CompileError("expected magic word")],
  ["TypeError", new TypeError("module is not an object or function")],
])("a %s is a GUEST_PROTOCOL_ERROR with its phase", (_name, cause) => {
  const error = classifyError(cause, { phase: "instantiate" });
  expect(error.code).toBe("GUEST_PROTOCOL_ERROR");
  expect(error.details).toEqual({ phase: "instantiate", reason: cause.message });
  expect(error.cause).toBe(cause);
});

test("an unreachable trap with the memory at its declared maximum is MEMORY_LIMIT", () => {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 2 });
  const error = classifyError(new WebAssembly.RuntimeError("unreachable"), { memory, maximumPages: 2 });
  expect(error.code).toBe("MEMORY_LIMIT");
  expect(error.details).toEqual({ memoryBytes: 131_072, maximumBytes: 131_072, trap: "unreachable" });
});

test("a divide-by-zero trap with the memory full is still a TRAP", () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const error = classifyError(new WebAssembly.RuntimeError("divide by zero"), { memory, maximumPages: 1 });
  expect(error.code).toBe("TRAP");
});

test("without a declared maximum, a full memory is found by trying to grow it", () => {
  const full = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const roomy = new WebAssembly.Memory({ initial: 1, maximum: 2 });
  expect(classifyError(new WebAssembly.RuntimeError("unreachable"), { memory: full }).code).toBe("MEMORY_LIMIT");
  expect(classifyError(new WebAssembly.RuntimeError("unreachable"), { memory: roomy }).code).toBe("TRAP");
});

test("an unknown error keeps its name and message in a TRAP of kind unknown", () => {
  const error = classifyError(new SyntaxError("odd"));
  expect(error.details).toEqual({ kind: "unknown", message: "SyntaxError: odd" });
});
