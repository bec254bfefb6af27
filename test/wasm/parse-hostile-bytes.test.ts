import { describe, expect, test } from "vitest";
import { ModuleParseError } from "../../runtime/errors/index.js";
import { parseModule } from "../../runtime/wasm/parse-module.js";
import { moduleBytes, name, section, u32 } from "./binary.js";
import { thrown } from "./thrown.js";

// The parser runs only on bytes the engine validated, but it is written not to trust them:
// these cases reach it directly, without validation in front.

const emptyFuncType = section(1, [1, 0x60, 0, 0]);
const i32 = 0x7f;

const refused: readonly { what: string; bytes: Uint8Array; message: RegExp }[] = [
  {
    what: "a count LEB128 of 6 bytes",
    bytes: moduleBytes(section(1, [0x80, 0x80, 0x80, 0x80, 0x80, 0])),
    message: /type count is too long/,
  },
  {
    what: "a u32 with bits past 32",
    bytes: moduleBytes(section(8, [0xff, 0xff, 0xff, 0xff, 0x1f])),
    message: /start function index is too long or too large/,
  },
  {
    what: "a LEB128 cut by the section end",
    bytes: moduleBytes(section(8, [0x80, 0x80])),
    message: /unexpected end of start function index/,
  },
  {
    what: "a count larger than its section",
    bytes: moduleBytes(section(2, [...u32(1_000_000), 0, 0])),
    message: /import count 1000000 does not fit/,
  },
  {
    what: "a name longer than its section",
    bytes: moduleBytes(section(7, [1, 50, 0x61, 0, 0])),
    message: /export name is longer than the bytes that remain/,
  },
  {
    what: "a name that is not UTF-8",
    bytes: moduleBytes(section(7, [1, 2, 0xc3, 0x28, 0, 0])),
    message: /export name is not valid UTF-8/,
  },
  {
    what: "a custom section name that is not UTF-8",
    bytes: moduleBytes(section(0, [1, 0xff])),
    message: /custom section name is not valid UTF-8/,
  },
  {
    what: "a repeated section",
    bytes: moduleBytes(emptyFuncType, emptyFuncType),
    message: /type section is out of order or repeated/,
  },
  {
    what: "sections out of order",
    bytes: moduleBytes(section(5, [0]), section(4, [0])),
    message: /table section is out of order/,
  },
  {
    what: "bytes left over in a section",
    bytes: moduleBytes(section(8, [0, 0])),
    message: /1 unexpected bytes at the end of the start section/,
  },
  { what: "an unknown type form", bytes: moduleBytes(section(1, [1, 0x55, 0])), message: /unsupported type form 0x55/ },
  {
    what: "an unknown value type",
    bytes: moduleBytes(section(1, [1, 0x60, 1, 0x40, 0])),
    message: /unsupported value type 0x40/,
  },
  {
    what: "an unknown heap type",
    bytes: moduleBytes(section(1, [1, 0x60, 1, 0x63, 0x41, 0])),
    message: /unsupported heap type/,
  },
  {
    what: "an unknown import kind",
    bytes: moduleBytes(section(2, [1, ...name("a"), ...name("b"), 7, 0])),
    message: /unsupported external kind 0x7/,
  },
  {
    what: "an import of a missing type",
    bytes: moduleBytes(section(2, [1, ...name("a"), ...name("b"), 0, 3])),
    message: /type index 3 is out of range \(0 types\)/,
  },
  {
    what: "a function of a missing type",
    bytes: moduleBytes(emptyFuncType, section(3, [1, 1])),
    message: /type index 1 is out of range/,
  },
  {
    what: "unknown memory limits flags",
    bytes: moduleBytes(section(5, [1, 0x08, 1])),
    message: /unsupported memory limits flags 0x8/,
  },
  {
    what: "a table of numbers",
    bytes: moduleBytes(section(4, [1, i32, 0, 1])),
    message: /table element type i32 is not a reference type/,
  },
  {
    what: "an unknown global mutability",
    bytes: moduleBytes(section(6, [1, i32, 2, 0x41, 0, 0x0b])),
    message: /unsupported global mutability 0x2/,
  },
  {
    what: "a non-constant initializer",
    bytes: moduleBytes(section(6, [1, i32, 0, 0x20, 0, 0x0b])),
    message: /unsupported instruction 0x20 in constant expression/,
  },
  {
    what: "an initializer without end",
    bytes: moduleBytes(section(6, [1, i32, 0, 0x41, 0])),
    message: /unexpected end of constant expression/,
  },
  {
    what: "an i32 constant of 6 bytes",
    bytes: moduleBytes(section(6, [1, i32, 0, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0, 0x0b])),
    message: /i32 constant is too long/,
  },
  {
    what: "an i32 constant with stray high bits",
    bytes: moduleBytes(section(6, [1, i32, 0, 0x41, 0x80, 0x80, 0x80, 0x80, 0x50, 0x0b])),
    message: /i32 constant is too long or out of range/,
  },
  {
    what: "an unknown tag attribute",
    bytes: moduleBytes(emptyFuncType, section(13, [1, 1, 0])),
    message: /unsupported tag attribute/,
  },
  {
    what: "an export of a missing function",
    bytes: moduleBytes(section(7, [1, ...name("f"), 0, 4])),
    message: /export "f" names func 4, but the module has only 0/,
  },
  {
    what: "an export of a missing memory",
    bytes: moduleBytes(section(7, [1, ...name("m"), 2, 0])),
    message: /export "m" names memory 0, but the module has only 0/,
  },
  {
    what: "an export of a struct type's function",
    bytes: moduleBytes(section(1, [1, 0x5f, 0]), section(2, [1, ...name("a"), ...name("b"), 0, 0])),
    message: /type index 0 is not a function type/,
  },
];

describe("the parser refuses malformed bytes with ModuleParseError", () => {
  test.each(refused)("$what", ({ bytes, message }) => {
    const error = thrown(() => parseModule(bytes));
    expect(error).toBeInstanceOf(ModuleParseError);
    expect(error).toMatchObject({ code: "MODULE_MALFORMED", details: { size: bytes.length } });
    expect((error as ModuleParseError).message).toMatch(message);
    expect((error as ModuleParseError).message).toMatch(/ at offset \d+$/);
  });
});

describe("the parser accepts encodings the engine may not enable by default", () => {
  test("padded LEB128s of the maximum length", () => {
    const bytes = moduleBytes(section(5, [0x81, 0x80, 0x80, 0x80, 0x00, 0x00, 0x82, 0x80, 0x80, 0x80, 0x00]));
    expect(parseModule(bytes).memories).toEqual([{ initial: 2, shared: false, index64: false }]);
  });

  test("extended constant expressions and every constant instruction", () => {
    const inits = [
      [0x41, 0x7f, 0x41, 0x02, 0x6a, 0x41, 0x03, 0x6c, 0x0b], // i32: -1 + 2 * 3
      [0x42, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x0b], // i64.const with a 0x0b-free max-length immediate
      [0x43, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b], // f32.const whose bytes are all 0x0b (end)
      [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x0b],
      [0xfd, 0x0c, ...new Array<number>(16).fill(0x0b), 0x0b], // v128.const
      [0xd0, 0x6f, 0x0b], // ref.null extern
      [0xd2, 0x00, 0x0b], // ref.func 0
      [0x23, 0x00, 0x0b], // global.get 0
    ];
    const types = [0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x6f, 0x70, 0x7f];
    const globals = inits.flatMap((init, i) => [types[i] as number, 0, ...init]);
    const bytes = moduleBytes(section(6, [inits.length, ...globals]), section(7, [1, ...name("v"), 3, 4]));
    expect(parseModule(bytes).exports).toEqual([
      { name: "v", kind: "global", index: 4, type: { type: "v128", mutable: false } },
    ]);
  });

  test("GC types: recursion groups, subtypes, structs and arrays take type indices", () => {
    const struct = [0x5f, 2, i32, 1, 0x78, 0]; // struct (mut i32) i8
    const array = [0x5e, 0x77, 1]; // array (mut i16)
    const func = [0x60, 1, 0x64, 0, 1, 0x63, 0x6e]; // (ref 0) -> anyref
    const sub = [0x50, 1, 0, 0x5f, 0]; // sub of type 0, an empty struct
    const finalFunc = [0x4f, 0, 0x60, 1, 0x63, 0x70, 0]; // sub final (ref null func) -> ()
    const types = section(1, [3, 0x4e, 2, ...struct, ...array, ...func, 0x4e, 2, ...sub, ...finalFunc]);
    const imports = section(2, [2, ...[...name("m"), ...name("f"), 0, 2], ...[...name("m"), ...name("g"), 0, 4]]);
    expect(parseModule(moduleBytes(types, imports)).imports).toEqual([
      { module: "m", name: "f", kind: "func", type: { params: ["ref"], results: ["ref"] } },
      { module: "m", name: "g", kind: "func", type: { params: ["funcref"], results: [] } },
    ]);
  });

  test("a table with an initializer expression", () => {
    // 0x40 0x00, then (table 1 funcref), then its initializer (ref.null func).
    const bytes = moduleBytes(section(4, [1, 0x40, 0x00, 0x70, 0x00, 1, 0xd0, 0x70, 0x0b]));
    expect(parseModule(bytes).tables).toEqual([
      { element: "funcref", limits: { initial: 1, shared: false, index64: false } },
    ]);
  });
});
