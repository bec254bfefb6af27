import { instantiateSync } from "@assemblyscript/loader";
import { expect, test } from "vitest";
import { runPlainCall, runSdkCall } from "../../../runtime/sandbox/instance/index.js";
import { builtTask, expectError, expectOk, packr } from "./helpers.js";

test("word-count counts words and vowels of MessagePack input and logs a line", () => {
  const outcome = runSdkCall(builtTask("word-count"), "run", packr.pack({ text: "the quick brown fox" }));
  expect(packr.unpack(expectOk(outcome))).toEqual({ words: 4, vowels: 5 });
  expect(outcome.logs).toEqual([{ level: "info", message: "4 words, 5 vowels" }]);
  expect(outcome.timings.instantiateUs).toBeGreaterThan(0);
  expect(outcome.timings.callUs).toBeGreaterThan(0);
});

test("word-count fails with TASK_FAILED naming the field when the input has the wrong type", () => {
  const error = expectError(runSdkCall(builtTask("word-count"), "run", packr.pack({ text: 5 })), "TASK_FAILED");
  expect(error.message).toContain("input.text");
});

test("checksum takes bytes and returns 32-bit integers", () => {
  const data = new TextEncoder().encode("The quick brown fox jumps over the lazy dog");
  const output = packr.unpack(expectOk(runSdkCall(builtTask("checksum"), "run", packr.pack({ data }))));
  expect(output).toEqual({ crc32: 0x414fa339, adler32: 0x5bdc0fda, length: 43 });
});

test("math's add and fib run as plain exports with numbers and BigInts", () => {
  const math = builtTask("math");
  expect(expectOk(runPlainCall(math, "add", [2, 40], { params: ["number", "number"], result: "number" }))).toBe(42);
  expect(expectOk(runPlainCall(math, "add", [0x7fffffff, 1], { params: ["number", "number"], result: "number" }))).toBe(
    -0x80000000,
  );
  expect(expectOk(runPlainCall(math, "fib", [90], { params: ["number"], result: "bigint" }))).toBe(
    2880067194370816120n,
  );
});

test("slugify takes and returns a string, with the same result as through @assemblyscript/loader", () => {
  const title = "Hello, World! Ünïcödé & 2024 🙂";
  const ours = expectOk(
    runPlainCall(builtTask("slugify"), "slugify", [title], { params: ["string"], result: "string" }),
  );
  const prepared = builtTask("slugify");
  const memory = new WebAssembly.Memory({ initial: prepared.importedMemory?.initial ?? 1, maximum: 16 });
  const { exports } = instantiateSync<{ slugify(ptr: number): number }>(prepared.module, { env: { memory } });
  expect(ours).toBe(exports.__getString(exports.slugify(exports.__newString(title))));
  expect(ours).toBe("hello-world-n-c-d-2024");
});
