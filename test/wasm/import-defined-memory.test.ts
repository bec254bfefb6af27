import { describe, expect, test } from "vitest";
import { importDefinedMemory, inspectModule } from "../../runtime/wasm/index.js";
import { wat } from "../helpers/wat.js";
import { engineModule, engineValidates } from "./engine.js";
import { watFixture } from "./fixtures.js";

const env = { module: "env", name: "memory" } as const;
const pageBytes = 65_536;

/** Offset of the first section with `id`, framing included. */
function sectionStart(bytes: Uint8Array, id: number): number {
  let pos = 8;
  while (pos < bytes.length) {
    const start = pos;
    const sectionId = bytes[pos++] as number;
    let size = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[pos++] as number;
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    if (sectionId === id) return start;
    pos += size;
  }
  return -1;
}

// What a call can observe of its memory: its size, a data segment, growing to the maximum and past it.
const observer = `(module
  (type $t (func (param i32) (result i32)))
  (import "host" "double" (func $double (type $t)))
  (memory $m (export "mem") 2 5)
  (global $g (mut i32) (i32.const 7))
  (data (i32.const 100) "\\2a\\00\\00\\00")
  (func (export "size") (result i32) (memory.size))
  (func (export "data") (result i32) (call $double (i32.load (i32.const 100))))
  (func (export "scribble") (i32.store (i32.const 100) (i32.const 9)) (global.set $g (i32.const 0)))
  (func (export "global") (result i32) (global.get $g))
  (func (export "grow") (result i32)
    (loop $more (br_if $more (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (memory.size))
  (func (export "growOnceMore") (result i32) (memory.grow (i32.const 1))))`;

const host = { double: (x: number) => x * 2 };

type Observer = Record<"size" | "data" | "global" | "grow" | "growOnceMore", () => number> & { scribble: () => void };

describe("importDefinedMemory", () => {
  test("the memory becomes the last import, same limits; the module validates and exports it still", async () => {
    const original = await wat(observer);
    const imported = importDefinedMemory(original, env);
    if (imported === undefined) throw new Error("not transformed");
    expect(engineValidates(imported.bytes)).toBe(true);
    expect(imported.limits).toEqual({ initial: 2, maximum: 5, shared: false, index64: false });
    const before = inspectModule(original);
    const after = inspectModule(imported.bytes);
    expect(after.imports).toEqual([...before.imports, { ...env, kind: "memory", type: imported.limits }]);
    expect(after.memories).toEqual(before.memories);
    expect(after.exports).toEqual(before.exports);
    expect(WebAssembly.Module.imports(engineModule(imported.bytes))).toContainEqual({ ...env, kind: "memory" });
  });

  test("an instance over a fresh memory of those limits behaves exactly as one with its own", async () => {
    const original = await wat(observer);
    const imported = importDefinedMemory(original, env);
    if (imported === undefined) throw new Error("not transformed");
    const run = (instance: WebAssembly.Instance) => {
      const e = instance.exports as unknown as Observer;
      const seen = [e.size(), e.data(), e.global()];
      e.scribble();
      seen.push(e.data(), e.global(), e.grow(), e.growOnceMore(), e.size());
      return seen;
    };
    const own = run(new WebAssembly.Instance(engineModule(original), { host }));
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 5 });
    const pooledInstance = new WebAssembly.Instance(engineModule(imported.bytes), { host, env: { memory } });
    expect(pooledInstance.exports.mem).toBe(memory);
    const pooled = run(pooledInstance);
    expect(pooled).toEqual(own);
    expect(own).toEqual([2, 84, 7, 18, 0, 5, -1, 5]);
  });

  test("the engine refuses a memory larger than the import allows", async () => {
    const imported = importDefinedMemory(await wat(observer), env);
    if (imported === undefined) throw new Error("not transformed");
    const module = engineModule(imported.bytes);
    const tooBig = new WebAssembly.Memory({ initial: 2, maximum: 6 });
    expect(() => new WebAssembly.Instance(module, { host, env: { memory: tooBig } })).toThrow(WebAssembly.LinkError);
  });

  test("a module without imports gets an import section after its type section", async () => {
    const original = await wat(
      `(module (memory (export "memory") 1 3) (func (export "f") (result i32) (memory.size)))`,
    );
    expect(sectionStart(original, 2)).toBe(-1);
    const imported = importDefinedMemory(original, env);
    if (imported === undefined) throw new Error("not transformed");
    expect(engineValidates(imported.bytes)).toBe(true);
    expect(sectionStart(imported.bytes, 2)).toBeGreaterThan(sectionStart(imported.bytes, 1));
    expect(sectionStart(imported.bytes, 5)).toBe(-1);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 3 });
    const instance = new WebAssembly.Instance(engineModule(imported.bytes), { env: { memory } });
    expect((instance.exports.f as () => number)()).toBe(1);
  });

  test("the code is copied byte for byte, moved by codeOffsetShift", async () => {
    const original = await watFixture("c-like.wat");
    const imported = importDefinedMemory(original, env);
    if (imported === undefined) throw new Error("not transformed");
    const code = 10;
    const from = sectionStart(original, code);
    expect(sectionStart(imported.bytes, code)).toBe(from + imported.codeOffsetShift);
    expect(imported.bytes.subarray(from + imported.codeOffsetShift)).toEqual(original.subarray(from));
  });

  test("a realistic module with function imports and custom sections keeps them all", async () => {
    const original = await watFixture("realistic.wat");
    const imported = importDefinedMemory(original, env);
    if (imported === undefined) throw new Error("not transformed");
    expect(engineValidates(imported.bytes)).toBe(true);
    const before = inspectModule(original);
    const after = inspectModule(imported.bytes);
    expect({ ...after, size: 0, imports: [] }).toEqual({ ...before, size: 0, imports: [] });
    expect(after.imports.slice(0, -1)).toEqual(before.imports);
  });

  test.each([
    ["imports its memory already", `(module (import "env" "memory" (memory 1 2)))`],
    ["has no memory", `(module (func (export "f")))`],
    ["imports something else under that name", `(module (import "env" "memory" (func)) (memory 1 2))`],
  ])("a module that %s is left alone", async (_, source) => {
    expect(importDefinedMemory(await wat(source), env)).toBeUndefined();
  });

  test("a memory without a maximum can be imported too, if the caller wants it", async () => {
    const imported = importDefinedMemory(await wat(`(module (memory 1))`), env);
    expect(imported?.limits).toEqual({ initial: 1, shared: false, index64: false });
    const memory = new WebAssembly.Memory({ initial: 1 });
    expect(
      () => new WebAssembly.Instance(engineModule(imported?.bytes ?? new Uint8Array()), { env: { memory } }),
    ).not.toThrow();
    expect(memory.buffer.byteLength).toBe(pageBytes);
  });
});
