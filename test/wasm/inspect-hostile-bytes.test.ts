import { describe, expect, test } from "vitest";
import { ModuleParseError } from "../../runtime/errors/index.js";
import { inspectModule } from "../../runtime/wasm/index.js";
import { header, moduleBytes, name, section, u32 } from "./binary.js";
import { thrown } from "./thrown.js";

const ascii = (text: string): number[] => [...new TextEncoder().encode(text)];
const maxU32 = [0xff, 0xff, 0xff, 0xff, 0x0f];

const cases: readonly { what: string; bytes: Uint8Array; message: RegExp }[] = [
  { what: "an empty file", bytes: new Uint8Array(0), message: /^empty file/ },
  {
    what: "an ELF executable",
    bytes: new Uint8Array([0x7f, ...ascii("ELF"), 2, 1, 1, 0]),
    message: /^wrong magic number: expected 00 61 73 6d \(\\0asm\), found 7f 45 4c 46$/,
  },
  { what: "WebAssembly text", bytes: new Uint8Array(ascii("\n  (module)\n")), message: /looks like WebAssembly text/ },
  { what: "the first three magic bytes", bytes: new Uint8Array([0, 0x61, 0x73]), message: /^truncated/ },
  { what: "a header cut short", bytes: new Uint8Array(header.slice(0, 6)), message: /ends after 6 of the 8 header/ },
  {
    what: "version 2",
    bytes: new Uint8Array([...header.slice(0, 4), 2, 0, 0, 0]),
    message: /^wrong version: expected 01 00 00 00, found 02 00 00 00$/,
  },
  {
    what: "a component",
    bytes: new Uint8Array([...header.slice(0, 4), 0x0d, 0, 1, 0]),
    message: /is a WebAssembly component, not a core module/,
  },
  {
    what: "a section larger than the file",
    bytes: moduleBytes([1, ...u32(1000), 0]),
    message: /^truncated: type section declares 1000 bytes but only 1 remain/,
  },
  {
    what: "a section size LEB128 longer than 5 bytes",
    bytes: moduleBytes([1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]),
    message: /section size is too long/,
  },
  {
    what: "a section size LEB128 too large for 32 bits",
    bytes: moduleBytes([1, 0xff, 0xff, 0xff, 0xff, 0x7f]),
    message: /section size is too long or too large/,
  },
  { what: "a file ending after a section id", bytes: moduleBytes([1]), message: /^truncated: .*section header/ },
  { what: "a huge type count", bytes: moduleBytes(section(1, maxU32)), message: /^not a valid WebAssembly module: / },
  { what: "a huge import count", bytes: moduleBytes(section(2, maxU32)), message: /^not a valid WebAssembly module: / },
  {
    what: "a huge export count",
    bytes: moduleBytes(section(7, [...maxU32, ...name("x"), 0, 0])),
    message: /^not a valid WebAssembly module: /,
  },
  {
    what: "a function count without code",
    bytes: moduleBytes(section(1, [1, 0x60, 0, 0]), section(3, [1, 0])),
    message: /^not a valid WebAssembly module: /,
  },
  {
    what: "an export name that is not UTF-8",
    bytes: moduleBytes(section(7, [1, 2, 0xc3, 0x28, 2, 0])),
    message: /^not a valid WebAssembly module: .*UTF-8/,
  },
  { what: "an unknown section id", bytes: moduleBytes(section(0x42, [])), message: /^not a valid WebAssembly module/ },
  { what: "sections out of order", bytes: moduleBytes(section(3, [0]), section(1, [0])), message: /^not a valid/ },
  {
    what: "an import of an unknown kind",
    bytes: moduleBytes(section(2, [1, ...name("a"), ...name("b"), 9, 0])),
    message: /^not a valid WebAssembly module/,
  },
];

describe("inspectModule refuses hostile bytes with ModuleParseError only", () => {
  test.each(cases)("$what", ({ bytes, message }) => {
    const error = thrown(() => inspectModule(bytes));
    expect(error).toBeInstanceOf(ModuleParseError);
    expect(error).toMatchObject({ code: "MODULE_MALFORMED", details: { size: bytes.length } });
    expect((error as ModuleParseError).message).toMatch(message);
  });

  test("a large invalid module is refused without compiling it for a message", () => {
    // A 2 MiB custom section, then a function without a body: framing is fine, validation is not.
    const payload = new Array<number>(2 * 1024 * 1024).fill(0x2a);
    const bytes = moduleBytes(
      section(0, [...name("blob"), ...payload]),
      section(1, [1, 0x60, 0, 0]),
      section(3, [1, 0]),
    );
    const error = thrown(() => inspectModule(bytes));
    expect(error).toBeInstanceOf(ModuleParseError);
    expect((error as ModuleParseError).message).toBe("not a valid WebAssembly module");
  });
});
