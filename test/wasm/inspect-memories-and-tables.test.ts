import { describe, expect, test } from "vitest";
import { findExport, inspectModule } from "../../runtime/wasm/index.js";
import { wat } from "../helpers/wat.js";
import { moduleBytes, name, section } from "./binary.js";

const memorySection = 5;
const exportSection = 7;
const memoryKind = 2;

describe("inspectModule reads memory limits", () => {
  test.each([
    { declared: "1", limits: { initial: 1, shared: false, index64: false } },
    { declared: "0 0", limits: { initial: 0, maximum: 0, shared: false, index64: false } },
    { declared: "2 300", limits: { initial: 2, maximum: 300, shared: false, index64: false } },
    { declared: "17 65536", limits: { initial: 17, maximum: 65536, shared: false, index64: false } },
  ])("(memory $declared)", async ({ declared, limits }) => {
    const info = inspectModule(await wat(`(module (memory (export "memory") ${declared}))`));
    expect(info.memories).toEqual([limits]);
    expect(findExport(info, "memory")).toEqual({ name: "memory", kind: "memory", index: 0, type: limits });
    // An absent maximum is absent, not undefined: callers test `"maximum" in limits`.
    expect("maximum" in (info.memories[0] ?? {})).toBe("maximum" in limits);
  });

  test("a shared memory, defined and exported", async () => {
    const info = inspectModule(await wat(`(module (memory (export "memory") 1 2 shared))`));
    const limits = { initial: 1, maximum: 2, shared: true, index64: false };
    expect(info.memories).toEqual([limits]);
    expect(findExport(info, "memory", "memory")?.type).toEqual(limits);
  });

  test("a shared memory, imported", async () => {
    const info = inspectModule(await wat(`(module (import "env" "memory" (memory 1 16 shared)))`));
    const limits = { initial: 1, maximum: 16, shared: true, index64: false };
    expect(info.imports).toEqual([{ module: "env", name: "memory", kind: "memory", type: limits }]);
    expect(info.memories).toEqual([limits]);
  });

  test("the shared flag as the binary encodes it: 0x03 = has maximum | shared", () => {
    const bytes = moduleBytes(
      section(memorySection, [1, 0x03, 1, 2]),
      section(exportSection, [1, ...name("memory"), memoryKind, 0]),
    );
    expect(inspectModule(bytes).memories).toEqual([{ initial: 1, maximum: 2, shared: true, index64: false }]);
  });

  test("a module without memory has none", async () => {
    expect(inspectModule(await wat(`(module (func))`)).memories).toEqual([]);
  });
});

describe("inspectModule reads tables", () => {
  test.each([
    { declared: "1 funcref", type: { element: "funcref", limits: { initial: 1, shared: false, index64: false } } },
    {
      declared: "2 10 funcref",
      type: { element: "funcref", limits: { initial: 2, maximum: 10, shared: false, index64: false } },
    },
    {
      declared: "0 5 externref",
      type: { element: "externref", limits: { initial: 0, maximum: 5, shared: false, index64: false } },
    },
  ])("(table $declared)", async ({ declared, type }) => {
    const info = inspectModule(await wat(`(module (table (export "table") ${declared}))`));
    expect(info.tables).toEqual([type]);
    expect(findExport(info, "table", "table")).toEqual({ name: "table", kind: "table", index: 0, type });
  });

  test("imported tables come first in the index space", async () => {
    const info = inspectModule(
      await wat(`
        (module
          (import "env" "table" (table $theirs 1 4 externref))
          (table $own (export "own") 3 funcref)
          (export "theirs" (table $theirs)))`),
    );
    const imported = { element: "externref", limits: { initial: 1, maximum: 4, shared: false, index64: false } };
    const defined = { element: "funcref", limits: { initial: 3, shared: false, index64: false } };
    expect(info.tables).toEqual([imported, defined]);
    expect(findExport(info, "own")).toEqual({ name: "own", kind: "table", index: 1, type: defined });
    expect(findExport(info, "theirs")).toEqual({ name: "theirs", kind: "table", index: 0, type: imported });
  });
});
