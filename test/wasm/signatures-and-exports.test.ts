import { describe, expect, test } from "vitest";
import {
  type FuncSignature,
  findExport,
  formatSignature,
  inspectModule,
  signaturesEqual,
} from "../../runtime/wasm/index.js";
import { wat } from "../helpers/wat.js";

describe("formatSignature", () => {
  test.each<[FuncSignature, string]>([
    [{ params: [], results: [] }, "() -> ()"],
    [{ params: ["i32", "i32"], results: ["i64"] }, "(i32, i32) -> i64"],
    [{ params: ["f64"], results: [] }, "(f64) -> ()"],
    [{ params: [], results: ["f32", "v128"] }, "() -> (f32, v128)"],
    [{ params: ["externref", "funcref"], results: ["exnref"] }, "(externref, funcref) -> exnref"],
  ])("%j → %s", (signature, text) => {
    expect(formatSignature(signature)).toBe(text);
  });
});

describe("signaturesEqual", () => {
  const base: FuncSignature = { params: ["i32", "i64"], results: ["f32"] };
  test.each<[string, FuncSignature, boolean]>([
    ["the same types", { params: ["i32", "i64"], results: ["f32"] }, true],
    ["parameters swapped", { params: ["i64", "i32"], results: ["f32"] }, false],
    ["a missing parameter", { params: ["i32"], results: ["f32"] }, false],
    ["a different result", { params: ["i32", "i64"], results: ["f64"] }, false],
    ["an extra result", { params: ["i32", "i64"], results: ["f32", "f32"] }, false],
    ["a result moved to the parameters", { params: ["i32", "i64", "f32"], results: [] }, false],
  ])("%s → %s", (_, other, equal) => {
    expect(signaturesEqual(base, other)).toBe(equal);
    expect(signaturesEqual(other, base)).toBe(equal);
  });
});

describe("findExport", () => {
  test("by name, and by name and kind", async () => {
    const info = inspectModule(
      await wat(`(module (memory (export "memory") 1) (func (export "run") (param i32) (result i32) local.get 0))`),
    );
    expect(findExport(info, "run")).toEqual({
      name: "run",
      kind: "func",
      index: 0,
      type: { params: ["i32"], results: ["i32"] },
    });
    // The kind narrows the entry's type: `memory.type` is Limits here.
    const memory = findExport(info, "memory", "memory");
    expect(memory?.type.initial).toBe(1);
    expect(findExport(info, "memory", "func")).toBeUndefined();
    expect(findExport(info, "missing")).toBeUndefined();
  });
});
