import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { boundedCLike, hostilePtrLen, ptrLenTask } from "./ptr-len-fixture.js";
import { outcome } from "./sdk-fixture.js";

// The ptr-len ABI on the real worker pool: strings and bytes each way, every pointer and length
// the guest answers checked, and the pool serving the next call after every failure.

const pool = new WorkerPool({ threads: 1 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

let cLike: Uint8Array;
beforeAll(async () => {
  cLike = await boundedCLike();
});

async function failure(promise: Promise<unknown>): Promise<TaskRunError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TaskRunError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

describe("round trips", () => {
  test.each([
    ["empty", "", ""],
    ["ASCII", "hello sandbox", "HELLO SANDBOX"],
    ["unicode, multi-byte UTF-8 kept as it is", "héllo wörld ✓ 😀 ß", "HéLLO WöRLD ✓ 😀 ß"],
    ["a byte order mark, kept", "\ufeffbom", "\ufeffBOM"],
  ])("a string: %s", async (_, input, expected) => {
    const result = await runner.run(ptrLenTask(cLike, "upper"), input);
    expect(result.output).toBe(expected);
  });

  test("a string of 200 KiB, for which the guest's allocator grows its memory", async () => {
    const input = "abc😀".repeat((200 * 1024) / 7);
    expect((await runner.run(ptrLenTask(cLike, "upper"), input)).output).toBe(input.toUpperCase());
  });

  test.each([
    ["empty", new Uint8Array()],
    ["every byte value", Uint8Array.from({ length: 256 }, (_, i) => i)],
  ])("bytes: %s", async (_, input) => {
    const result = await runner.run(ptrLenTask(cLike, "echo", { input: "bytes", output: "bytes" }), input);
    expect(result.output).toEqual(input);
    expect(result.output).not.toBe(input);
  });

  test("a string in, bytes out, and JSON forms: bytes as base64", async () => {
    const task = ptrLenTask(cLike, "echo", { input: "string", output: "bytes" });
    expect((await runner.run(task, "hé")).output).toEqual(new Uint8Array([0x68, 0xc3, 0xa9]));
    expect((await runner.run(task, "hé", { format: "json" })).output).toBe(Buffer.from("hé").toString("base64"));
    const bytesIn = ptrLenTask(cLike, "upper", { input: "bytes", output: "string" });
    expect((await runner.run(bytesIn, Buffer.from("abc").toString("base64"), { format: "json" })).output).toBe("ABC");
  });

  test("the caller's array is copied when the call is made", async () => {
    const input = new Uint8Array([1, 2, 3]);
    const call = runner.run(ptrLenTask(cLike, "echo", { input: "bytes", output: "bytes" }), input);
    input.fill(9);
    expect((await call).output).toEqual(new Uint8Array([1, 2, 3]));
  });
});

describe("the host's checks", () => {
  test("output that is not UTF-8 is OUTPUT_INVALID; as bytes it is what the guest wrote", async () => {
    const error = await failure(runner.run(ptrLenTask(cLike, "invalid"), "x"));
    expect(error.code).toBe("OUTPUT_INVALID");
    expect(error.details).toMatchObject({ path: "output", expected: "string", actual: "invalid UTF-8" });
    const bytes = await runner.run(ptrLenTask(cLike, "invalid", { output: "bytes" }), "x");
    expect(bytes.output).toEqual(new Uint8Array([0xff, 0xfe]));
  });

  test("input over maxInputBytes is INPUT_TOO_LARGE, counted in UTF-8 bytes", async () => {
    const error = await failure(runner.run(ptrLenTask(cLike, "upper", {}, { maxInputBytes: 4 }), "ééé"));
    expect(error.code).toBe("INPUT_TOO_LARGE");
    expect(error.details).toMatchObject({ size: 6, limit: 4 });
  });

  test("output over maxOutputBytes is OUTPUT_TOO_LARGE", async () => {
    const error = await failure(runner.run(ptrLenTask(cLike, "upper", {}, { maxOutputBytes: 4 }), "hello"));
    expect(error.code).toBe("OUTPUT_TOO_LARGE");
    expect(error.details).toMatchObject({ actual: 5, limit: 4 });
  });

  test.each([
    ["a number for a string", "string", 42, "WRONG_TYPE"],
    ["a lone surrogate, which UTF-8 cannot carry", "string", "a\ud800", "INVALID_STRING"],
    ["a string for bytes", "bytes", "abc", "WRONG_TYPE"],
  ] as const)("%s is INPUT_INVALID", async (_, type, input, issue) => {
    const error = await failure(runner.run(ptrLenTask(cLike, "echo", { input: type, output: type }), input));
    expect(error.code).toBe("INPUT_INVALID");
    expect(error.issues).toContainEqual(expect.objectContaining({ code: issue, path: "input" }));
  });

  test("an input the guest's allocator cannot fit under the maximum is MEMORY_LIMIT", async () => {
    const task = ptrLenTask(await boundedCLike(3), "echo", { input: "bytes", output: "bytes" }, { maxMemoryPages: 3 });
    const error = await failure(runner.run(task, new Uint8Array(150_000)));
    expect(error.code).toBe("MEMORY_LIMIT");
    expect(error.details).toMatchObject({ inputBytes: 150_000, maximumBytes: 3 * 65_536 });
    expect((await runner.run(task, new Uint8Array([7]))).output).toEqual(new Uint8Array([7]));
  });
});

describe("hostile pointers and lengths are typed errors, and the pool serves the next call", () => {
  const pack = (ptr: bigint, len: bigint) => `(i64.const ${(ptr << 32n) | len})`;
  test.each([
    ["alloc answers a pointer past the end", "(i32.const -16)", pack(0n, 0n), { ptr: 4294967280, len: 3 }],
    ["alloc answers a pointer the input overruns", "(i32.const 65534)", pack(0n, 0n), { ptr: 65534, len: 3 }],
    ["the output pointer lies past the end", "(i32.const 0)", pack(65537n, 0n), { ptr: 65537, len: 0 }],
    ["the output length runs past the end", "(i32.const 0)", pack(65000n, 1000n), { ptr: 65000, len: 1000 }],
    ["the output is every bit set", "(i32.const 0)", "(i64.const -1)", { ptr: 4294967295, len: 4294967295 }],
    ["the output pointer has its top bit set", "(i32.const 0)", pack(0x8000_0000n, 1n), { ptr: 2147483648, len: 1 }],
  ])("%s: GUEST_PROTOCOL_ERROR", async (_, alloc, entry, details) => {
    const task = ptrLenTask(await hostilePtrLen(alloc, entry), "run");
    const error = await failure(runner.run(task, "abc"));
    expect(error.code).toBe("GUEST_PROTOCOL_ERROR");
    expect(error.details).toMatchObject({ ...details, memoryBytes: 65_536 });
    expect((await runner.run(ptrLenTask(cLike, "upper"), "next")).output).toBe("NEXT");
  });

  test("an output ending exactly at the end of memory is accepted", async () => {
    const task = ptrLenTask(await hostilePtrLen("(i32.const 0)", pack(65533n, 3n)), "run", { output: "bytes" });
    expect((await runner.run(task, "abc")).output).toEqual(new Uint8Array([0, 0, 0]));
  });

  test("an allocator that traps is TRAP", async () => {
    const task = ptrLenTask(await hostilePtrLen("unreachable", pack(0n, 0n)), "run");
    const error = await failure(runner.run(task, "abc"));
    expect(error.code).toBe("TRAP");
    expect(error.details.kind).toBe("unreachable");
    expect(await outcome(runner.run(ptrLenTask(cLike, "upper"), "next"))).toBe("ok");
  });
});
