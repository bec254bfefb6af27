import { describe, expect, test } from "vitest";
import { type CoreValueType, findExport, inspectModule } from "../../runtime/wasm/index.js";
import { wat } from "../helpers/wat.js";

const valueTypes: readonly CoreValueType[] = ["i32", "i64", "f32", "f64", "v128", "funcref", "externref"];

describe("inspectModule reads the core signature of each exported function", () => {
  test.each(valueTypes)("%s as parameter and result", async (type) => {
    const bytes = await wat(`(module (func (export "f") (param ${type}) (result ${type}) local.get 0))`);
    expect(findExport(inspectModule(bytes), "f")).toEqual({
      name: "f",
      kind: "func",
      index: 0,
      type: { params: [type], results: [type] },
    });
  });

  test("no parameters and no results", async () => {
    const bytes = await wat(`(module (func (export "nothing")))`);
    expect(findExport(inspectModule(bytes), "nothing", "func")?.type).toEqual({ params: [], results: [] });
  });

  test("several parameters and several results, in order", async () => {
    const bytes = await wat(`
      (module
        (func (export "many") (param i64 i32 f64 externref) (result f32 i32 v128 i64)
          unreachable))`);
    expect(findExport(inspectModule(bytes), "many", "func")?.type).toEqual({
      params: ["i64", "i32", "f64", "externref"],
      results: ["f32", "i32", "v128", "i64"],
    });
  });

  test("functions sharing one type index, an explicit type and an exported import", async () => {
    const bytes = await wat(`
      (module
        (type $pair (func (param i32 i32) (result i32)))
        (import "env" "host" (func $host (type $pair)))
        (func $a (export "a") (type $pair) (i32.add (local.get 0) (local.get 1)))
        (func $b (export "b") (param i64) (result i64) local.get 0)
        (export "host" (func $host)))`);
    const info = inspectModule(bytes);
    expect(info.exports).toEqual([
      { name: "a", kind: "func", index: 1, type: { params: ["i32", "i32"], results: ["i32"] } },
      { name: "b", kind: "func", index: 2, type: { params: ["i64"], results: ["i64"] } },
      { name: "host", kind: "func", index: 0, type: { params: ["i32", "i32"], results: ["i32"] } },
    ]);
    expect(info.definedFunctions).toBe(2);
  });

  test("one function exported under two names", async () => {
    const bytes = await wat(`
      (module
        (func $f (param f32) (result f64) (f64.promote_f32 (local.get 0)))
        (export "first" (func $f))
        (export "second" (func $f)))`);
    const info = inspectModule(bytes);
    expect(findExport(info, "first")).toMatchObject({ index: 0, type: { params: ["f32"], results: ["f64"] } });
    expect(findExport(info, "second")).toMatchObject({ index: 0, type: { params: ["f32"], results: ["f64"] } });
  });

  test("export names with non-ASCII characters", async () => {
    const name = "grüße→日本";
    // WAT escapes each UTF-8 byte as \hh, which keeps the source itself ASCII.
    const escaped = Array.from(new TextEncoder().encode(name), (b) => `\\${b.toString(16).padStart(2, "0")}`).join("");
    const bytes = await wat(`(module (func (export "${escaped}") (result i32) i32.const 1))`);
    expect(inspectModule(bytes).exports.map((e) => e.name)).toEqual([name]);
  });
});
