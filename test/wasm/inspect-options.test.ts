import { describe, expect, test } from "vitest";
import { ModuleParseError, UsageError } from "../../runtime/errors/index.js";
import { inspectDefaults, inspectModule } from "../../runtime/wasm/index.js";
import { wat } from "../helpers/wat.js";

describe("inspectModule options", () => {
  test("maxModuleBytes refuses larger modules before decoding them", async () => {
    const bytes = await wat(`(module (func (export "f")))`);
    expect(inspectModule(bytes, { maxModuleBytes: bytes.length }).exports).toHaveLength(1);
    expect(() => inspectModule(bytes, { maxModuleBytes: bytes.length - 1 })).toThrow(ModuleParseError);
    expect(() => inspectModule(bytes, { maxModuleBytes: bytes.length - 1 })).toThrow(
      `module is ${bytes.length} bytes, more than the maximum of ${bytes.length - 1}`,
    );
  });

  test("the default maximum is 64 MiB", () => {
    expect(inspectDefaults.maxModuleBytes).toBe(64 * 1024 * 1024);
  });

  test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("maxModuleBytes %s is a usage error", async (max) => {
    const bytes = await wat(`(module)`);
    expect(() => inspectModule(bytes, { maxModuleBytes: max })).toThrow(
      new UsageError("options.maxModuleBytes must be a positive integer"),
    );
  });

  test.each([
    ["an ArrayBuffer", new ArrayBuffer(8)],
    ["a string", "\0asm"],
    ["a DataView", new DataView(new ArrayBuffer(8))],
    ["null", null],
  ])("bytes given as %s is a usage error", (_, bytes) => {
    expect(() => inspectModule(bytes as unknown as Uint8Array)).toThrow(new UsageError("bytes must be a Uint8Array"));
  });

  test("a Buffer and a view into a larger buffer are read as their own bytes", async () => {
    const bytes = await wat(`(module (func (export "f")))`);
    const padded = new Uint8Array(bytes.length + 20).fill(0xff);
    padded.set(bytes, 10);
    const view = padded.subarray(10, 10 + bytes.length);
    expect(inspectModule(view).exports.map((e) => e.name)).toEqual(["f"]);
    expect(inspectModule(Buffer.from(bytes)).exports.map((e) => e.name)).toEqual(["f"]);
  });
});
