import { describe, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { compileValueCodec, parseValueType } from "../../../runtime/values/index.js";

const codec = compileValueCodec(parseValueType({ text: "string", blobs: "list<bytes>", n: "u64" }));

function thrown(run: () => unknown): TaskRunError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TaskRunError);
    return error as TaskRunError;
  }
  throw new Error("no error");
}

describe("an input whose encoding is over maxBytes is INPUT_TOO_LARGE", () => {
  const value = { text: "é".repeat(100), blobs: [new Uint8Array(300), new Uint8Array(5)], n: 2n ** 64n - 1n };
  const size = codec.encodeInput(value, 1 << 20).length;

  test("an encoding of exactly maxBytes is accepted", () => {
    expect(codec.encodeInput(value, size)).toHaveLength(size);
  });

  test("one byte over is refused with the exact size and the limit", () => {
    const error = thrown(() => codec.encodeInput(value, size - 1));
    expect(error.code).toBe("INPUT_TOO_LARGE");
    expect(error.details).toEqual({ size, limit: size - 1 });
    expect(error.message).toBe(`input encodes to ${size} bytes, over the limit of ${size - 1}`);
  });

  test.each([1, 10, 100, 250, 400])("the size is exact whatever the limit it passes (limit %i)", (limit) => {
    expect(thrown(() => codec.encodeInput(value, limit)).details).toEqual({ size, limit });
  });

  test("an invalid value is reported as invalid even when it is also too large", () => {
    const error = thrown(() => codec.encodeInput({ ...value, n: -1 }, 10));
    expect(error.code).toBe("INPUT_INVALID");
  });

  test("a huge string is refused without encoding it", () => {
    const text = "x".repeat(50_000_000);
    const error = thrown(() => codec.encodeInput({ ...value, text }, 1 << 20));
    expect(error.code).toBe("INPUT_TOO_LARGE");
    // The 200-byte text with its str8 header gives way to 50 MB with a str32 header.
    expect(error.details.size).toBe(size - 202 + 50_000_005);
  });

  test("a long list of small values stops growing the buffer once past the limit", () => {
    const many = compileValueCodec(parseValueType("list<u32>"));
    const error = thrown(() => many.encodeInput(new Array(1_000_000).fill(2 ** 32 - 1), 1000));
    expect(error.details).toEqual({ size: 5_000_005, limit: 1000 });
  });
});
