import { describe, expect, test } from "vitest";
import { inspectModule } from "../../runtime/wasm/index.js";
import { wat } from "../helpers/wat.js";

describe("inspectModule reads imports", () => {
  test("one import of every kind, in declaration order, with its type", async () => {
    const info = inspectModule(
      await wat(`
        (module
          (import "env" "log" (func (param i32 i32)))
          (import "env" "now" (func (result f64)))
          (import "host" "table" (table 1 10 externref))
          (import "host" "memory" (memory 2 20))
          (import "host" "seed" (global (mut i64)))
          (import "errors" "failure" (tag (param i32)))
          (import "" "" (func (param v128) (result i64 i64))))`),
    );
    expect(info.imports).toEqual([
      { module: "env", name: "log", kind: "func", type: { params: ["i32", "i32"], results: [] } },
      { module: "env", name: "now", kind: "func", type: { params: [], results: ["f64"] } },
      {
        module: "host",
        name: "table",
        kind: "table",
        type: { element: "externref", limits: { initial: 1, maximum: 10, shared: false, index64: false } },
      },
      {
        module: "host",
        name: "memory",
        kind: "memory",
        type: { initial: 2, maximum: 20, shared: false, index64: false },
      },
      { module: "host", name: "seed", kind: "global", type: { type: "i64", mutable: true } },
      { module: "errors", name: "failure", kind: "tag", type: { params: ["i32"], results: [] } },
      { module: "", name: "", kind: "func", type: { params: ["v128"], results: ["i64", "i64"] } },
    ]);
    expect(info.memories).toEqual([{ initial: 2, maximum: 20, shared: false, index64: false }]);
    expect(info.definedFunctions).toBe(0);
    expect(info.exports).toEqual([]);
  });

  test("a module without imports has none", async () => {
    expect(inspectModule(await wat(`(module (func (export "f")))`)).imports).toEqual([]);
  });
});

describe("inspectModule reads the start function", () => {
  test("its index counts imported functions first", async () => {
    const info = inspectModule(
      await wat(`
        (module
          (import "env" "a" (func))
          (import "env" "b" (func))
          (func $helper)
          (func $init (call $helper))
          (start $init))`),
    );
    expect(info.startFunction).toBe(3);
    expect(info.definedFunctions).toBe(2);
  });

  test("a module without start section has no startFunction property", async () => {
    const info = inspectModule(await wat(`(module (func))`));
    expect("startFunction" in info).toBe(false);
  });
});
