import { expect, test } from "vitest";
import { runPlainCall } from "../../../runtime/sandbox/instance/index.js";
import { compileAssemblyScript } from "./assemblyscript.js";
import { expectError, prepareBytes, prepareWat } from "./helpers.js";

const noArgs = { params: [], result: "void" } as const;

/** An AssemblyScript string in a data segment: its UTF-16 bytes at `at`, byte length in the word before. */
function asString(at: number, text: string): string {
  const bytes = Buffer.from(text, "utf16le");
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length);
  const hex = (b: Buffer) => [...b].map((x) => `\\${x.toString(16).padStart(2, "0")}`).join("");
  return `(data (i32.const ${at - 4}) "${hex(length)}${hex(bytes)}")`;
}

function abortingModule(message: string, file: string): string {
  return `(module
    (import "env" "abort" (func $abort (param i32 i32 i32 i32)))
    (memory (export "memory") 1 1)
    (data (i32.const 65528) "\\00\\01\\00\\00")
    (func (export "f") (call $abort (i32.const ${message}) (i32.const ${file}) (i32.const 12) (i32.const 7)) unreachable)
    ${asString(64, "index out of range: é 🙂")}
    ${asString(256, "tasks/demo/index.ts")})`;
}

test("an AssemblyScript assert that fails is a GUEST_ABORT with the compiler's message and position", async () => {
  const source = 'export function positive(n: i32): i32 {\n  assert(n > 0, "n must be positive");\n  return n;\n}';
  const bytes = await compileAssemblyScript(source, ["--runtime", "stub", "--importMemory", "--maximumMemory", "1"]);
  const outcome = runPlainCall(prepareBytes(bytes), "positive", [-1], { params: ["number"], result: "number" });
  const error = expectError(outcome, "GUEST_ABORT");
  expect(error.details).toEqual({ message: "n must be positive", file: "fixture.ts", line: 2, column: 3 });
  expect(error.message).toBe("abort: n must be positive at fixture.ts:2:3");
}, 60_000);

test("env.abort reads the AssemblyScript strings and fails with GUEST_ABORT", async () => {
  const prepared = await prepareWat(abortingModule("64", "256"));
  const error = expectError(runPlainCall(prepared, "f", [], noArgs), "GUEST_ABORT");
  expect(error.message).toBe("abort: index out of range: é 🙂 at tasks/demo/index.ts:12:7");
  expect(error.details).toEqual({
    message: "index out of range: é 🙂",
    file: "tasks/demo/index.ts",
    line: 12,
    column: 7,
  });
});

test.each([
  ["a pointer past the end of memory", "70000", /outside guest memory/],
  ["a negative pointer", "-8", /outside guest memory/],
  ["a pointer below the length word", "2", /outside guest memory/],
  ["a length running past the end of memory", "65532", /outside guest memory/],
  ["an odd pointer", "65", /./],
])("an abort message at %s still gives GUEST_ABORT", async (_name, pointer, shape) => {
  const prepared = await prepareWat(abortingModule(pointer, "256"));
  const error = expectError(runPlainCall(prepared, "f", [], noArgs), "GUEST_ABORT");
  expect(error.details.message).toMatch(shape);
  expect(error.details.file).toBe("tasks/demo/index.ts");
});

test("a huge abort message is cut at 4 KiB", async () => {
  // Length word 0x10000 at 60, 64 KiB of zeros after it: inside memory, far over the cap.
  const prepared = await prepareWat(`(module
    (import "env" "abort" (func $abort (param i32 i32 i32 i32)))
    (memory (export "memory") 2 2)
    (data (i32.const 60) "\\00\\00\\01\\00")
    (func (export "f") (call $abort (i32.const 64) (i32.const 0) (i32.const 1) (i32.const 1)) unreachable))`);
  const error = expectError(runPlainCall(prepared, "f", [], noArgs), "GUEST_ABORT");
  expect(error.details.message).toMatch(/… \[61440 bytes cut\]$/);
  expect(String(error.details.message).length).toBeLessThan(2100);
});

test("a null file pointer reads as an empty file name", async () => {
  const prepared = await prepareWat(abortingModule("64", "0"));
  expect(expectError(runPlainCall(prepared, "f", [], noArgs), "GUEST_ABORT").details.file).toBe("");
});

test("an abort from a start function of a module with its own memory still gives GUEST_ABORT", async () => {
  const prepared = await prepareWat(`(module
    (import "env" "abort" (func $abort (param i32 i32 i32 i32)))
    (memory (export "memory") 1 1)
    (func $start (call $abort (i32.const 64) (i32.const 0) (i32.const 1) (i32.const 1)))
    (start $start)
    (func (export "f")))`);
  const error = expectError(runPlainCall(prepared, "f", [], noArgs), "GUEST_ABORT");
  expect(error.details.message).toBe("<guest memory not available>");
});
