import { describe, expect, test } from "vitest";
import { generateTaskCode } from "../../runtime/build/index.js";
import { parseValueType } from "../../runtime/values/index.js";

function generate(input: unknown, output: unknown = "bool"): { types: string; entry: string } {
  const code = generateTaskCode({
    source: "/project/tasks/demo/index.ts",
    sdkIndex: "/project/node_modules/wasmflow/guest-sdk/index.ts",
    exportName: "run",
    inputType: parseValueType(input),
    outputType: parseValueType(output),
    definitionLabel: "tasks/demo/demo.task.json",
  });
  return { types: code.types.text, entry: code.entry.text };
}

const lines = (...text: string[]) => text.join("\n");

describe("char", () => {
  const { types } = generate({ letter: "char", maybe: "option<char>" });

  test("is a u32 code point, boxed in an option", () => {
    expect(types).toContain("  letter: u32 = 0;\n  maybe: Box<u32> | null = null;");
  });

  test("is read as a checked code point and written as an unsigned int", () => {
    expect(types).toContain("value.letter = r.readChar();");
    expect(types).toContain("w.writeU32(value.letter);");
  });
});

describe("tuple", () => {
  const { types } = generate({ pair: "tuple<s32, record{x: string}>", again: "option<tuple<s32, record{x: string}>>" });

  test("is a class whose items are constructor parameters with defaults, named _0, _1…", () => {
    expect(types).toContain(
      lines(
        "export class InputPair {",
        "  constructor(",
        "    public _0: i32 = 0,",
        "    public _1: InputPair1 = new InputPair1(),",
        "  ) {}",
        "}",
      ),
    );
    expect(types).toContain('export class InputPair1 {\n  x: string = "";\n}');
  });

  test("is a nullable reference in an option, sharing the class under the later name", () => {
    expect(types).toContain("  again: InputPair | null = null;");
    expect(types).toContain("export { InputPair as InputAgain };");
  });

  test("is read with its exact length, items named by index, and written as an array", () => {
    expect(types).toContain(
      lines(
        "export function decodeInputPair(r: Reader): InputPair {",
        "  r.readTupleHeader(2);",
        "  const value = changetype<InputPair>(__new(offsetof<InputPair>(), idof<InputPair>()));",
        "  r.enterIndex(0);",
        "  value._0 = r.readI32();",
        "  r.leave();",
        "  r.enterIndex(1);",
        "  value._1 = decodeInputPair1(r);",
        "  r.leave();",
        "  return value;",
        "}",
      ),
    );
    expect(types).toContain(
      lines(
        "export function encodeInputPair(w: Writer, value: InputPair): void {",
        "  w.writeArrayHeader(2);",
        "  w.writeI32(value._0);",
        "  encodeInputPair1(w, value._1);",
        "}",
      ),
    );
  });
});

describe("enum", () => {
  const { types } = generate({ color: "enum{red, light-blue}", maybe: "option<enum{red, light-blue}>" });

  test("is an AssemblyScript enum of PascalCase members whose values are the case indexes", () => {
    expect(types).toContain("export enum InputColor {\n  Red = 0,\n  LightBlue = 1,\n}");
    expect(types).toContain("  color: InputColor = InputColor.Red;");
    expect(types).toContain("  maybe: Box<InputColor> | null = null;");
    expect(types).toContain("export { InputColor as InputMaybe };");
  });

  test("is read as an index checked against the number of cases", () => {
    expect(types).toContain("  return r.readEnum(2) as InputColor;");
    expect(types).toContain(
      "export function encodeInputColor(w: Writer, value: InputColor): void {\n  w.writeI32(value);",
    );
  });
});

describe("flags", () => {
  const all = `flags{${Array.from({ length: 32 }, (_, i) => `f${i}`).join(", ")}}`;
  const { types } = generate({ perms: "flags{read, write-all}", all });

  test("is a u32 type with a namespace of bit constants, flag i being bit i", () => {
    expect(types).toContain(
      lines(
        "export type InputPerms = u32;",
        "export namespace InputPerms {",
        "  export const Read: u32 = 0x1;",
        "  export const WriteAll: u32 = 0x2;",
        "}",
      ),
    );
    expect(types).toContain("  export const F31: u32 = 0x80000000;");
    expect(types).toContain("  perms: InputPerms = 0;");
  });

  test("is read as a bitmask checked against the number of flags", () => {
    expect(types).toContain("  return r.readFlags(2);");
    expect(types).toContain("  return r.readFlags(32);");
    expect(types).toContain(
      "export function encodeInputPerms(w: Writer, value: InputPerms): void {\n  w.writeU32(value);",
    );
  });
});

describe("variant", () => {
  const shape = "variant{circle(f64), square(record{side: f64}), none}";
  const { types } = generate({ shape, shape_tag: "enum{a}" }, { shape });

  test("is a class with a tag of a generated enum and one field per case that has a payload", () => {
    expect(types).toContain("export enum InputShapeTag {\n  Circle = 0,\n  Square = 1,\n  None = 2,\n}");
    expect(types).toContain(
      lines(
        "export class InputShape {",
        "  tag: InputShapeTag = InputShapeTag.Circle;",
        "  circle: f64 = 0;",
        "  square: InputShapeSquare = new InputShapeSquare();",
        "",
      ),
    );
  });

  test("has a static constructor per case", () => {
    expect(types).toContain(
      lines(
        "  static circle(value: f64): InputShape {",
        "    const made = new InputShape();",
        "    made.tag = InputShapeTag.Circle;",
        "    made.circle = value;",
        "    return made;",
        "  }",
      ),
    );
    expect(types).toContain(
      lines(
        "  static none(): InputShape {",
        "    const made = new InputShape();",
        "    made.tag = InputShapeTag.None;",
        "    return made;",
        "  }",
      ),
    );
  });

  test("names payload types after their case, and a name taken gets a number", () => {
    expect(types).toContain("export class InputShapeSquare {\n  side: f64 = 0;\n}");
    expect(types).toContain("export enum InputShapeTag2 {\n  A = 0,\n}");
    expect(types).toContain("  shape_tag: InputShapeTag2 = InputShapeTag2.A;");
  });

  test("shared by a later path, exports the class and its tag enum under that path's names", () => {
    expect(types).toContain("export { InputShape as OutputShape };");
    expect(types).toContain("export { InputShapeTag as OutputShapeTag };");
  });

  test("is read as [index] or [index, payload], the payload under .val", () => {
    expect(types).toContain(
      lines(
        "export function decodeInputShape(r: Reader): InputShape {",
        "  const value = new InputShape();",
        '  switch (r.readCase(3, "variant")) {',
        "    case 0:",
        "      value.tag = InputShapeTag.Circle;",
        '      r.enterPayload("circle");',
        "      value.circle = r.readF64();",
        "      r.leave();",
        "      break;",
      ),
    );
    expect(types).toContain(
      lines("    case 2:", "      value.tag = InputShapeTag.None;", '      r.expectNoPayload("none");', "      break;"),
    );
  });

  test("is written as [index] or [index, payload], an undeclared tag as it is", () => {
    expect(types).toContain(
      lines(
        "    case InputShapeTag.Square:",
        "      w.writeArrayHeader(2);",
        "      w.writeU32(1);",
        "      encodeInputShapeSquare(w, value.square);",
        "      break;",
        "    case InputShapeTag.None:",
        "      w.writeArrayHeader(1);",
        "      w.writeU32(2);",
        "      break;",
        "    default:",
        "      w.writeArrayHeader(1);",
        "      w.writeI32(value.tag);",
      ),
    );
  });

  test("cases named like reserved words or like the tag keep their labels on the wire", () => {
    const { types: text } = generate("variant{tag(string), constructor(bool), readonly, new(u32)}");
    expect(text).toContain('  tag_: string = "";\n  constructor_: bool = false;\n  new: u32 = 0;');
    expect(text).toContain("  static tag(value: string): Input {");
    expect(text).toContain("    made.tag_ = value;");
    expect(text).toContain("  static constructor_(value: bool): Input {");
    expect(text).toContain("  static readonly_(): Input {");
    expect(text).toContain("  static new(value: u32): Input {");
    expect(text).toContain('r.enterPayload("constructor");');
    expect(text).toContain("export enum InputTag {\n  Tag = 0,\n  Constructor = 1,\n  Readonly = 2,\n  New = 3,\n}");
  });
});

describe("result", () => {
  test("is a class with isOk, fields for the sides that have a type, and static ok and err", () => {
    const { types } = generate("result<u32, string>");
    expect(types).toContain(
      lines(
        "export class Input {",
        "  isOk: bool = true;",
        "  ok: u32 = 0;",
        '  err: string = "";',
        "",
        "  static ok(value: u32): Input {",
        "    const made = new Input();",
        "    made.ok = value;",
        "    return made;",
        "  }",
        "",
        "  static err(value: string): Input {",
        "    const made = new Input();",
        "    made.isOk = false;",
        "    made.err = value;",
        "    return made;",
        "  }",
        "}",
      ),
    );
  });

  test("without types has only isOk", () => {
    const { types } = generate("result");
    expect(types).toContain(
      lines(
        "export class Input {",
        "  isOk: bool = true;",
        "",
        "  static ok(): Input {",
        "    return new Input();",
        "  }",
      ),
    );
    expect(types).toContain('r.expectNoPayload("ok");');
    expect(types).toContain('r.expectNoPayload("err");');
  });

  test("names the types of its sides Ok and Err", () => {
    const { types } = generate("result<record{a: u32}, record{b: u32}>");
    expect(types).toContain("  ok: InputOk = new InputOk();\n  err: InputErr = new InputErr();");
  });

  test("with one side is read and written as ok = 0, err = 1, a payload only where a side has a type", () => {
    const { types } = generate("result<_, string>");
    expect(types).not.toContain("  ok:");
    expect(types).toContain(
      lines(
        '  if (r.readCase(2, "result") === 0) {',
        '    r.expectNoPayload("ok");',
        "  } else {",
        "    value.isOk = false;",
        '    r.enterPayload("err");',
        "    value.err = r.readString();",
        "    r.leave();",
        "  }",
      ),
    );
    expect(types).toContain(
      lines(
        "  if (value.isOk) {",
        "    w.writeArrayHeader(1);",
        "    w.writeU32(0);",
        "  } else {",
        "    w.writeArrayHeader(2);",
        "    w.writeU32(1);",
        "    w.writeString(value.err);",
        "  }",
      ),
    );
  });
});

test("a top-level enum is the Input enum itself, decoded by the entry", () => {
  const { types, entry } = generate("enum{a, b}", "flags{x}");
  expect(types).toContain("export enum Input {\n  A = 0,\n  B = 1,\n}");
  expect(types).toContain("export type Output = u32;\nexport namespace Output {");
  expect(entry).toContain("const input = decodeInput(reader);");
  expect(entry).toContain("encodeOutput(writer, output);");
});
