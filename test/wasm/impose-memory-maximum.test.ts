import { describe, expect, test } from "vitest";
import { ModuleParseError, UsageError } from "../../runtime/errors/index.js";
import { imposeMemoryMaximum, inspectModule } from "../../runtime/wasm/index.js";
import { parseModule } from "../../runtime/wasm/parse-module.js";
import { wat } from "../helpers/wat.js";
import { moduleBytes, section } from "./binary.js";
import { engineModule, engineValidates } from "./engine.js";
import { watFixture } from "./fixtures.js";

const memorySection = 5;
const pageBytes = 65_536;

/** Where the memory section lies: [start, end) of the whole section, id byte included. */
function memorySectionSpan(bytes: Uint8Array): [number, number] {
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos] as number;
    let size = 0;
    let shift = 0;
    let at = pos + 1;
    for (;;) {
      const byte = bytes[at++] as number;
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    if (id === memorySection) return [pos, at + size];
    pos = at + size;
  }
  throw new Error("no memory section");
}

/** A module with its own memory, exported, that grows until it fails and reports how far it got. */
const grower = (limits: string) => `(module
  (memory (export "memory") ${limits})
  (data (i32.const 8) "kept")
  (func (export "grow") (result i32)
    (loop $more (br_if $more (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (memory.size)))`;

describe("imposeMemoryMaximum", () => {
  test("a memory without a maximum gets one; only its limits and the section's size change", async () => {
    const original = await wat(grower("2"));
    const { bytes, imposed } = imposeMemoryMaximum(original, 16);
    expect(imposed).toEqual([{ defined: 0, declared: undefined }]);
    expect(engineValidates(bytes)).toBe(true);
    expect(inspectModule(bytes).memories).toEqual([{ initial: 2, maximum: 16, shared: false, index64: false }]);

    const [start, end] = memorySectionSpan(original);
    const [newStart, newEnd] = memorySectionSpan(bytes);
    expect(newStart).toBe(start);
    expect(bytes.subarray(0, start)).toEqual(original.subarray(0, start));
    expect(bytes.subarray(newEnd)).toEqual(original.subarray(end));
    // id, size 4, one memory, flags "has a maximum", initial 2, maximum 16.
    expect([...bytes.subarray(newStart, newEnd)]).toEqual([memorySection, 4, 1, 0x01, 2, 16]);
  });

  test("the engine enforces the new maximum: growing stops there, and the data is in place", async () => {
    const { bytes } = imposeMemoryMaximum(await wat(grower("2")), 5);
    const instance = new WebAssembly.Instance(engineModule(bytes));
    const memory = instance.exports.memory as WebAssembly.Memory;
    expect(memory.buffer.byteLength).toBe(2 * pageBytes);
    expect(new TextDecoder().decode(new Uint8Array(memory.buffer, 8, 4))).toBe("kept");
    expect((instance.exports.grow as () => number)()).toBe(5);
    expect(() => memory.grow(1)).toThrow(RangeError);
  });

  test("a maximum above the limit is lowered and reported", async () => {
    const { bytes, imposed } = imposeMemoryMaximum(await wat(grower("1 65536")), 16);
    expect(imposed).toEqual([{ defined: 0, declared: 65536 }]);
    expect(engineValidates(bytes)).toBe(true);
    expect(inspectModule(bytes).memories[0]).toMatchObject({ initial: 1, maximum: 16 });
    // 65536 took three bytes, 16 takes one: the module is two bytes shorter.
    expect(bytes.length).toBe((await wat(grower("1 65536"))).length - 2);
  });

  test.each(["1 16", "1 8", "0 0", "16 16"])(
    "a maximum within the limit (%s) is left alone: the same bytes",
    async (limits) => {
      const original = await wat(grower(limits));
      const result = imposeMemoryMaximum(original, 16);
      expect(result.bytes).toBe(original);
      expect(result.imposed).toEqual([]);
    },
  );

  test("an initial size above the limit is refused: no maximum could lie below it", async () => {
    const noMaximum = await wat(grower("20"));
    const overMaximum = await wat(grower("20 100"));
    expect(() => imposeMemoryMaximum(noMaximum, 16)).toThrow(UsageError);
    expect(() => imposeMemoryMaximum(overMaximum, 16)).toThrow(/starts at 20 pages/);
  });

  test("an imported memory is not touched, nor is a module without memory", async () => {
    const imported = await wat(`(module (import "env" "memory" (memory 1)) (func (export "f")))`);
    expect(imposeMemoryMaximum(imported, 16).bytes).toBe(imported);
    const none = await wat(`(module (func (export "f")))`);
    expect(imposeMemoryMaximum(none, 16)).toEqual({ bytes: none, imposed: [] });
  });

  test("a realistic module keeps every other section byte for byte", async () => {
    const original = await watFixture("c-like.wat");
    const { bytes } = imposeMemoryMaximum(original, 16);
    const before = inspectModule(original);
    const after = inspectModule(bytes);
    expect(after.memories).toEqual([{ initial: 2, maximum: 16, shared: false, index64: false }]);
    const memoryExport = { name: "memory", kind: "memory", index: 0 };
    expect(after.exports).toEqual(
      before.exports.map((e) =>
        e.kind === "memory" ? { ...memoryExport, type: { initial: 2, maximum: 16, shared: false, index64: false } } : e,
      ),
    );
    expect({ ...after, size: 0, memories: [], exports: [] }).toEqual({ ...before, size: 0, memories: [], exports: [] });
  });

  test("a padded initial size is copied as written", () => {
    // (memory 1) with its initial size encoded in three bytes, as some linkers pad it.
    const original = moduleBytes(section(memorySection, [1, 0x00, 0x81, 0x80, 0x00]));
    const { bytes } = imposeMemoryMaximum(original, 16);
    expect(engineValidates(bytes)).toBe(true);
    expect([...bytes.subarray(8)]).toEqual([memorySection, 6, 1, 0x01, 0x81, 0x80, 0x00, 16]);
  });

  test("a maximum that needs more bytes than the old one re-encodes the section's size", () => {
    const original = moduleBytes(section(memorySection, [1, 0x00, 1]));
    const { bytes } = imposeMemoryMaximum(original, 65_536);
    expect([...bytes.subarray(8)]).toEqual([memorySection, 6, 1, 0x01, 1, 0x80, 0x80, 0x04]);
    expect(inspectModule(bytes).memories[0]).toMatchObject({ initial: 1, maximum: 65_536 });
  });

  test("a shared memory's maximum is lowered and it stays shared", async () => {
    const { bytes } = imposeMemoryMaximum(await wat(`(module (memory 1 100 shared))`), 16);
    expect(inspectModule(bytes).memories).toEqual([{ initial: 1, maximum: 16, shared: true, index64: false }]);
  });

  test("a 64-bit memory gets a 64-bit maximum", async () => {
    // Node 20 does not validate memory64 without a flag: read without the engine.
    const { bytes } = imposeMemoryMaximum(await wat(`(module (memory i64 1))`), 16);
    expect(parseModule(bytes).memories).toEqual([{ initial: 1, maximum: 16, shared: false, index64: true }]);
  });

  test("a 32-bit memory cannot be given a maximum past 4 GiB", async () => {
    const bytes = await wat(`(module (memory 1))`);
    expect(() => imposeMemoryMaximum(bytes, 65_537)).toThrow(UsageError);
  });

  test("bytes that are not a module, and a memory section that does not parse, are refused", () => {
    expect(() => imposeMemoryMaximum(new TextEncoder().encode("(module)"), 16)).toThrow(ModuleParseError);
    expect(() => imposeMemoryMaximum(moduleBytes(section(memorySection, [1, 0x08, 1])), 16)).toThrow(ModuleParseError);
    expect(() => imposeMemoryMaximum(moduleBytes(section(memorySection, [1, 0x00, 1, 9])), 16)).toThrow(
      ModuleParseError,
    );
  });

  test("a limit that is not a non-negative integer is refused", async () => {
    const bytes = await wat(grower("1"));
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => imposeMemoryMaximum(bytes, bad)).toThrow(UsageError);
  });

  test("the input is not modified", async () => {
    const original = await wat(grower("1"));
    const copy = original.slice();
    imposeMemoryMaximum(original, 16);
    expect(original).toEqual(copy);
  });
});
