import { describe, expect, test } from "vitest";
import { ModuleParseError } from "../../runtime/errors/index.js";
import { inspectModule } from "../../runtime/wasm/index.js";
import { parseModule } from "../../runtime/wasm/parse-module.js";
import { wat } from "../helpers/wat.js";
import { moduleBytes, name, section, u32 } from "./binary.js";
import { engineValidates } from "./engine.js";
import { thrown } from "./thrown.js";

const memory64 = { initial: 1, maximum: 2, shared: false, index64: true };

describe("memory64", () => {
  test("inspectModule follows the engine's verdict on (memory i64 1 2)", async () => {
    const bytes = await wat(`(module (memory (export "memory") i64 1 2))`);
    if (engineValidates(bytes)) {
      expect(inspectModule(bytes).memories).toEqual([memory64]);
    } else {
      // Node 20 accepts memory64 only behind --experimental-wasm-memory64.
      const error = thrown(() => inspectModule(bytes));
      expect(error).toBeInstanceOf(ModuleParseError);
      expect(error).toMatchObject({
        code: "MODULE_MALFORMED",
        message: expect.stringMatching(/^not a valid .*memory/),
      });
    }
  });

  test("the parser reads the i64 flag and 64-bit limits", async () => {
    const bytes = await wat(`(module (memory (export "memory") i64 1 2))`);
    const info = parseModule(bytes);
    expect(info.memories).toEqual([memory64]);
    expect(info.exports).toEqual([{ name: "memory", kind: "memory", index: 0, type: memory64 }]);
  });

  test("64-bit limits beyond 32 bits are read exactly", () => {
    // flags 0x05 = has maximum | index64; maximum 2^48 pages, the memory64 ceiling.
    const maximum = 2 ** 48;
    const bytes = moduleBytes(section(5, [1, 0x05, ...u32(70_000), ...u32(maximum)]));
    expect(parseModule(bytes).memories).toEqual([{ initial: 70_000, maximum, shared: false, index64: true }]);
  });

  test("an imported shared memory64", () => {
    // flags 0x07 = has maximum | shared | index64
    const bytes = moduleBytes(section(2, [1, ...name("env"), ...name("memory"), 2, 0x07, 1, 8]));
    expect(parseModule(bytes).memories).toEqual([{ initial: 1, maximum: 8, shared: true, index64: true }]);
  });

  test("a 64-bit limit past 2^53 is refused rather than rounded", () => {
    const tooLarge = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
    const bytes = moduleBytes(section(5, [1, 0x04, ...tooLarge]));
    expect(() => parseModule(bytes)).toThrow(ModuleParseError);
    expect(() => parseModule(bytes)).toThrow(/memory initial size is too large/);
  });
});
