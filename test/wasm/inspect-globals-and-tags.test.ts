import { describe, expect, test } from "vitest";
import { findExport, inspectModule } from "../../runtime/wasm/index.js";
import { wat } from "../helpers/wat.js";

describe("inspectModule reads global types", () => {
  test.each([
    { declared: "i32 (i32.const -1)", type: { type: "i32", mutable: false } },
    { declared: "(mut i64) (i64.const 0x7fffffffffffffff)", type: { type: "i64", mutable: true } },
    { declared: "f32 (f32.const 1.5)", type: { type: "f32", mutable: false } },
    { declared: "(mut f64) (f64.const -0.25)", type: { type: "f64", mutable: true } },
    { declared: "v128 (v128.const i32x4 0x0b0b0b0b 0 0 -1)", type: { type: "v128", mutable: false } },
    { declared: "(mut externref) (ref.null extern)", type: { type: "externref", mutable: true } },
    { declared: "funcref (ref.func $f)", type: { type: "funcref", mutable: false } },
  ])("(global $declared)", async ({ declared, type }) => {
    const info = inspectModule(
      await wat(`(module (func $f) (elem declare func $f) (global (export "g") ${declared}))`),
    );
    expect(findExport(info, "g")).toEqual({ name: "g", kind: "global", index: 0, type });
  });

  test("imported globals come first in the index space; initializers may read them", async () => {
    const info = inspectModule(
      await wat(`
        (module
          (import "env" "base" (global $base i32))
          (import "env" "counter" (global $counter (mut i64)))
          (global $derived (export "derived") i32 (global.get $base))
          (global $sum (export "sum") (mut i32) (i32.const 0x0b))
          (export "counter" (global $counter)))`),
    );
    expect(info.exports).toEqual([
      { name: "derived", kind: "global", index: 2, type: { type: "i32", mutable: false } },
      { name: "sum", kind: "global", index: 3, type: { type: "i32", mutable: true } },
      { name: "counter", kind: "global", index: 1, type: { type: "i64", mutable: true } },
    ]);
    expect(info.imports).toEqual([
      { module: "env", name: "base", kind: "global", type: { type: "i32", mutable: false } },
      { module: "env", name: "counter", kind: "global", type: { type: "i64", mutable: true } },
    ]);
  });
});

describe("inspectModule reads exception tags", () => {
  test("defined and imported tags with their signatures", async () => {
    const info = inspectModule(
      await wat(`
        (module
          (import "env" "failure" (tag $failure (param i32 i32)))
          (tag $overflow (export "overflow") (param i64 f64))
          (tag $empty (export "empty"))
          (export "failure" (tag $failure))
          (func (export "throws") (throw $overflow (i64.const 1) (f64.const 2))))`),
    );
    expect(info.imports).toEqual([
      { module: "env", name: "failure", kind: "tag", type: { params: ["i32", "i32"], results: [] } },
    ]);
    expect(info.exports).toEqual([
      { name: "overflow", kind: "tag", index: 1, type: { params: ["i64", "f64"], results: [] } },
      { name: "empty", kind: "tag", index: 2, type: { params: [], results: [] } },
      { name: "failure", kind: "tag", index: 0, type: { params: ["i32", "i32"], results: [] } },
      { name: "throws", kind: "func", index: 0, type: { params: [], results: [] } },
    ]);
  });
});
