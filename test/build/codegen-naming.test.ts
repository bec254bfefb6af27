import { expect, test } from "vitest";
import { generatedPaths, generateTaskCode } from "../../runtime/build/index.js";
import { parseValueType } from "../../runtime/values/index.js";

const code = generateTaskCode({
  source: "/project/tasks/demo/index.ts",
  sdkIndex: "/project/node_modules/wasmflow/guest-sdk/index.ts",
  exportName: "run",
  inputType: parseValueType({
    meta: { a: "s32" },
    items: "list<record{x: string}>",
    static: "bool",
    count: "option<u32>",
    label: "option<string>",
    blob: "bytes",
  }),
  outputType: parseValueType({ items: "list<record{x: string}>", meta: { a: "s32" }, total: "u64" }),
  definitionLabel: "tasks/demo/demo.task.json",
});

test("the generated files sit next to the source", () => {
  expect(generatedPaths("/project/tasks/demo/index.ts")).toEqual({
    types: "/project/tasks/demo/index.gen.ts",
    entry: "/project/tasks/demo/index.entry.gen.ts",
  });
  expect(code.types.path).toBe("/project/tasks/demo/index.gen.ts");
  expect(code.entry.path).toBe("/project/tasks/demo/index.entry.gen.ts");
});

test("records are classes named by their path, with defaults an author can build on", () => {
  expect(code.types.text).toContain(
    [
      "export class Input {",
      "  meta: InputMeta = new InputMeta();",
      "  items: Array<InputItems> = [];",
      "  static_: bool = false;",
      "  count: Box<u32> | null = null;",
      "  label: string | null = null;",
      "  blob: Uint8Array = new Uint8Array(0);",
      "}",
    ].join("\n"),
  );
  expect(code.types.text).toContain("export class InputMeta {\n  a: i32 = 0;\n}");
  expect(code.types.text).toContain(
    "export class Output {\n  items: Array<InputItems> = [];\n  meta: InputMeta = new InputMeta();\n  total: u64 = 0;\n}",
  );
});

// Exported under another name rather than as a type alias, which AssemblyScript would refuse in `new OutputMeta()`.
test("records shaped like earlier ones reuse their class under another name that also constructs", () => {
  expect(code.types.text).toContain("export { InputItems as OutputItems };");
  expect(code.types.text).toContain("export { InputMeta as OutputMeta };");
  expect(code.types.text).not.toContain("export type");
});

test("a field named like a reserved word keeps its name on the wire", () => {
  expect(code.types.text).toContain('if (r.keyIs("static")) {');
  expect(code.types.text).toContain("value.static_ = r.readBool();");
  expect(code.types.text).toContain('w.writeString("static");\n  w.writeBool(value.static_);');
});

test("the module re-exports the SDK helpers, imported by a relative path", () => {
  expect(code.types.text).toContain('from "../../node_modules/wasmflow/guest-sdk/index";');
  expect(code.types.text).toMatch(/export \{ Box, fail, Kind, LogLevel, log, .* Reader, Writer \} from/);
});

test("the entry decodes, calls the task's function of the same name, and encodes", () => {
  expect(code.entry.text).toContain('import { run as task_run } from "./index";');
  expect(code.entry.text).toContain('export { wasmflow_alloc } from "../../node_modules/wasmflow/guest-sdk/index";');
  expect(code.entry.text).toContain("export function run(ptr: usize, len: usize): usize {");
  expect(code.entry.text).toContain("const input = decodeInput(reader);");
  expect(code.entry.text).toContain("encodeOutput(writer, output);");
});
