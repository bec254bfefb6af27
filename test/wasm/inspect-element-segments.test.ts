import { describe, expect, test } from "vitest";
import { inspectModule } from "../../runtime/wasm/index.js";
import { parseModule } from "../../runtime/wasm/parse-module.js";
import { wat } from "../helpers/wat.js";
import { moduleBytes, section } from "./binary.js";
import { engineValidates } from "./engine.js";

const funcType = section(1, [1, 0x60, 0, 0]);
const oneFunction = section(3, [1, 0]);
const twoTables = section(4, [2, 0x70, 0x01, 8, 8, 0x70, 0x01, 8, 8]);
const code = section(10, [1, 2, 0, 0x0b]);
const offset = [0x41, 0x00, 0x0b]; // i32.const 0
const refFunc = [0xd2, 0x00, 0x0b]; // ref.func 0
const refNull = [0xd0, 0x70, 0x0b]; // ref.null func

// One segment per flags value, each encoding its entries the way that value says.
const encodings: readonly { flags: number; what: string; segment: readonly number[]; entries: number }[] = [
  { flags: 0, what: "active, table 0, function indices", segment: [0, ...offset, 2, 0, 0], entries: 2 },
  { flags: 1, what: "passive, function indices", segment: [1, 0x00, 3, 0, 0, 0], entries: 3 },
  { flags: 2, what: "active, explicit table, function indices", segment: [2, 1, ...offset, 0x00, 1, 0], entries: 1 },
  { flags: 3, what: "declarative, function indices", segment: [3, 0x00, 1, 0], entries: 1 },
  { flags: 4, what: "active, table 0, expressions", segment: [4, ...offset, 2, ...refFunc, ...refNull], entries: 2 },
  { flags: 5, what: "passive, expressions", segment: [5, 0x70, 1, ...refNull], entries: 1 },
  { flags: 6, what: "active, explicit table, expressions", segment: [6, 1, ...offset, 0x70, 0], entries: 0 },
  { flags: 7, what: "declarative, expressions", segment: [7, 0x70, 2, ...refFunc, ...refFunc], entries: 2 },
];

function withElements(...segments: (readonly number[])[]): Uint8Array {
  const elements = section(9, [segments.length, ...segments.flat()]);
  return moduleBytes(funcType, oneFunction, twoTables, elements, code);
}

describe("inspectModule counts element segments and their entries", () => {
  test.each(encodings)("flags $flags: $what", ({ segment, entries }) => {
    const bytes = withElements(segment);
    expect(engineValidates(bytes)).toBe(true);
    expect(inspectModule(bytes).elements).toEqual({ count: 1, entries });
  });

  test("all eight encodings in one section", () => {
    const bytes = withElements(...encodings.map((e) => e.segment));
    expect(engineValidates(bytes)).toBe(true);
    expect(inspectModule(bytes).elements).toEqual({ count: 8, entries: 12 });
  });

  test("a module without an element section has none", async () => {
    expect(inspectModule(await wat("(module)")).elements).toEqual({ count: 0, entries: 0 });
  });

  test("segments written in text, as a compiler would emit them", async () => {
    const bytes = await wat(`(module
      (table 4 4 funcref)
      (func $f)
      (elem (i32.const 0) $f $f)
      (elem $passive func $f $f $f)
      (elem declare func $f))`);
    expect(inspectModule(bytes).elements).toEqual({ count: 3, entries: 6 });
  });

  test("unknown flags and element kinds are refused", () => {
    expect(() => parseModule(withElements([8, 0x00, 0]))).toThrow(/unsupported element segment flags 8/);
    expect(() => parseModule(withElements([1, 0x01, 0]))).toThrow(/unsupported element kind/);
  });
});

describe("inspectModule lists globals and counts GC types", () => {
  test("globals in index space order, imported ones first", async () => {
    const bytes = await wat(`(module
      (import "env" "g" (global f64))
      (global (mut i64) (i64.const 1))
      (global funcref (ref.null func)))`);
    expect(inspectModule(bytes).globals).toEqual([
      { type: "f64", mutable: false },
      { type: "i64", mutable: true },
      { type: "funcref", mutable: false },
    ]);
  });

  test("struct and array types are counted, function types are not", () => {
    // (func), (struct (field (mut i32))), (array i64): the parser reads them even where the engine does not.
    const types = section(1, [3, 0x60, 0, 0, 0x5f, 1, 0x7f, 1, 0x5e, 0x7e, 0]);
    expect(parseModule(moduleBytes(types)).gcTypes).toBe(2);
  });
});
