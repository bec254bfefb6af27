import { expect, test } from "vitest";
import { UsageError } from "../../../runtime/errors/index.js";
import { runPlainCall } from "../../../runtime/sandbox/instance/index.js";
import { expectError, prepareWat } from "./helpers.js";

/** A module posing as AssemblyScript: `__new` returns `newResult`, `f` returns `result`. */
function posing(newResult: string, result: string, extra = ""): string {
  return `(module
    (memory (export "memory") 1 1)
    (func (export "__new") (param i32 i32) (result i32) ${newResult})
    (func (export "f") (param i32) (result i32) ${result})
    ${extra})`;
}

const stringToString = { params: ["string"], result: "string" } as const;
const numberToString = { params: ["number"], result: "string" } as const;

test.each([
  ["a null pointer", "(i32.const 0)", ""],
  ["a pointer past the end of memory", "(i32.const 70000)", ""],
  ["a pointer inside the header area", "(i32.const 4)", ""],
  ["a length running past the end", "(i32.const 65528)", '(data (i32.const 65520) "\\02\\00\\00\\00\\00\\01\\00\\00")'],
  ["an object that is not a string", "(i32.const 64)", '(data (i32.const 56) "\\07\\00\\00\\00\\02\\00\\00\\00")'],
])("a string result that is %s is a GUEST_PROTOCOL_ERROR", async (_name, result, extra) => {
  const prepared = await prepareWat(posing("(i32.const 16)", result, extra));
  expectError(runPlainCall(prepared, "f", [0], numberToString), "GUEST_PROTOCOL_ERROR");
});

test.each([
  ["past the end of memory", "(i32.const 65530)"],
  ["negative", "(i32.const -64)"],
  ["misaligned", "(i32.const 18)"],
])("__new returning a pointer %s is a GUEST_PROTOCOL_ERROR", async (_name, newResult) => {
  const prepared = await prepareWat(posing(newResult, "(i32.const 0)"));
  const error = expectError(runPlainCall(prepared, "f", ["hello"], stringToString), "GUEST_PROTOCOL_ERROR");
  expect(error.message).toMatch(/^__new\(10, 2\) returned/);
});

test("a string argument to a module without the AssemblyScript runtime is a GUEST_PROTOCOL_ERROR", async () => {
  const prepared = await prepareWat(
    `(module (memory (export "memory") 1 1) (func (export "f") (param i32) (result i32) (local.get 0)))`,
  );
  const error = expectError(runPlainCall(prepared, "f", ["x"], stringToString), "GUEST_PROTOCOL_ERROR");
  expect(error.message).toContain("--exportRuntime");
});

test("a missing export is a GUEST_PROTOCOL_ERROR naming it", async () => {
  const prepared = await prepareWat(`(module (func (export "f")))`);
  const error = expectError(runPlainCall(prepared, "g", [], { params: [], result: "void" }), "GUEST_PROTOCOL_ERROR");
  expect(error.details.export).toBe("g");
});

test.each([
  ["too few arguments", [], /^expected 1 arguments, got 0$/],
  ["a number where a string is declared", [5], /^argument 0 must be a string/],
])("%s throws UsageError before anything runs", async (_name, args, message) => {
  const prepared = await prepareWat(posing("(i32.const 16)", "(i32.const 0)"));
  expect(() => runPlainCall(prepared, "f", args, stringToString)).toThrow(UsageError);
  expect(() => runPlainCall(prepared, "f", args, stringToString)).toThrow(message);
});
