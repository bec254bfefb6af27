import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { generateComponentWit, wrapComponent } from "../../runtime/build/codegen/index.js";
import { buildTasks } from "../../runtime/build/index.js";
import { checkComponent } from "../../runtime/components/index.js";
import { BuildError, type Issue } from "../../runtime/errors/index.js";
import { parseValueType, type ValueType } from "../../runtime/values/index.js";
import { renameExports } from "../../runtime/wasm/index.js";
import { componentOfWorld } from "../helpers/components.js";
import { wat } from "../helpers/wat.js";
import { fixtureProject } from "./fixture-project.js";

const type = (declaration: unknown): ValueType => parseValueType(declaration);

/** The WIT of `exportName` for these types, made into a component and checked against the same definition. */
async function checkedAgainstDefinition(exportName: string, input: ValueType, output: ValueType) {
  const wit = generateComponentWit({ exportName, inputType: input, outputType: output });
  const bytes = await componentOfWorld(wit.text, wit.world);
  return { wit, check: checkComponent(bytes, { export: exportName, inputType: input, outputType: output }) };
}

function issuesOf(run: () => unknown): readonly Issue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof BuildError) return error.issues;
    throw error;
  }
  return [];
}

describe("the WIT a component task is built against", () => {
  test("a bare export is the world's own function, taking one input, with the types declared in the world", () => {
    const wit = generateComponentWit({
      exportName: "run",
      inputType: type({ text: "string", maxWords: "option<u32>" }),
      outputType: type({ words: "list<string>", mood: "enum{happy, sad}", hash: "tuple<u64, char>" }),
    });
    expect(wit.world).toBe("task");
    expect(wit.coreExport).toBe("run");
    expect(wit.sourceFunction).toBe("run");
    expect(wit.text).toBe(`package wasmflow:task@0.1.0;

world task {
  record %input {
    %text: string,
    %max-words: option<u32>,
  }
  record %output {
    %words: list<string>,
    %mood: %output-mood,
    %hash: tuple<u64, char>,
  }
  enum %output-mood {
    %happy,
    %sad,
  }
  export %run: func(%input: %input) -> %output;
}
`);
  });

  test("an interface path becomes that package and interface, exported by the world", () => {
    const wit = generateComponentWit({
      exportName: "acme:text/stats@1.2.0#count-words",
      inputType: type("string"),
      outputType: type("result<u32, string>"),
    });
    expect(wit.coreExport).toBe("acme:text/stats@1.2.0#count-words");
    expect(wit.sourceFunction).toBe("countWords");
    expect(wit.text).toBe(`package %acme:%text@1.2.0;

interface %stats {
  %count-words: func(%input: string) -> result<u32, string>;
}

world %task {
  export %stats;
}
`);
  });

  test("keywords, camelCase and snake_case names are accepted by wit-component and by the component checker", async () => {
    const input = type({
      type: "u32",
      list: "string",
      record: "bool",
      flags: "flags{static, bool, export}",
      result: "variant{list(u32), string, func(tuple<s32, f32>)}",
      wordCount: "u32",
      HTTPServer: "string",
      utf8Bytes: "bytes",
      snake_case_name: "enum{own, borrow, use}",
      nested: { interface: "option<record{world: char}>" },
    });
    const output = type({ package: "u32", enum: "result<_, string>" });
    for (const exportName of ["run", "wasmflow:task/run@0.1.0#run", "result", "input"]) {
      const { check } = await checkedAgainstDefinition(exportName, input, output);
      expect(check.issues, exportName).toEqual([]);
      expect(check.binding?.arguments).toEqual({ kind: "input" });
    }
  });

  test("a type named like the function is renamed: they share the world's names", async () => {
    const { wit, check } = await checkedAgainstDefinition("input", type({ a: "u32" }), type("u32"));
    expect(wit.text).toContain("record %input2 {");
    expect(wit.text).toContain("export %input: func(%input: %input2) -> u32;");
    expect(check.issues).toEqual([]);
  });

  test("an export that is no WIT name is refused with EXPORT_NAME_INVALID", () => {
    const generate = (exportName: string) => () =>
      generateComponentWit({
        exportName,
        inputType: type("u32"),
        outputType: type("u32"),
        definitionLabel: "x.task.json",
      });
    for (const bad of [
      "Run Me",
      "run_fast",
      "1run",
      "getItem",
      "a:b/c#d#e",
      "a:b#run",
      "a:b/c@1.0#run",
      "a:b/c@1.0.0#new",
    ]) {
      const issues = issuesOf(generate(bad));
      expect(
        issues.map((i) => [i.code, i.path]),
        bad,
      ).toEqual([["EXPORT_NAME_INVALID", "x.task.json#export"]]);
    }
  });

  test("a field whose kebab-case form is no WIT name, or another field's, is refused with WIT_NAME_INVALID", () => {
    const issues = issuesOf(() =>
      generateComponentWit({
        exportName: "run",
        inputType: type({ a_1b: "u32", ok: { _hidden: "string" } }),
        outputType: type({ wordCount: "u32", word_count: "u32" }),
      }),
    );
    expect(issues.map((i) => [i.code, i.path, i.actual])).toEqual([
      ["WIT_NAME_INVALID", "input.a_1b", "a-1b"],
      ["WIT_NAME_INVALID", "input.ok._hidden", "-hidden"],
      ["WIT_NAME_INVALID", "output.word_count", "word-count"],
    ]);
  });

  test("wasmflow build refuses a component task with a bad export name before compiling, as a typed issue", async () => {
    const root = fixtureProject([]);
    const folder = join(root, "tasks", "bad-export");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "index.ts"), "export function run(input: u32): u32 { return input; }\n");
    writeFileSync(
      join(folder, "bad-export.task.json"),
      JSON.stringify({
        name: "bad-export",
        abi: "component",
        source: "index.ts",
        module: "../../build/bad-export.wasm",
        export: "Run Me",
        input: "u32",
        output: "u32",
      }),
    );
    const failure = await buildTasks({ root }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BuildError);
    expect((failure as BuildError).issues.map((i) => [i.code, i.path])).toEqual([
      ["EXPORT_NAME_INVALID", "tasks/bad-export/bad-export.task.json"],
    ]);
  });

  test("two component tasks cannot share a source: each component is built for its own definition's WIT", async () => {
    const root = fixtureProject([]);
    const folder = join(root, "tasks", "pair");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "index.ts"), "export function run(input: u32): u32 { return input; }\n");
    for (const name of ["first", "second"]) {
      const definition = {
        name,
        abi: "component",
        source: "index.ts",
        module: "../../build/pair.wasm",
        input: "u32",
        output: "u32",
      };
      writeFileSync(join(folder, `${name}.task.json`), JSON.stringify(definition));
    }
    const failure = await buildTasks({ root }).catch((error: unknown) => error);
    expect((failure as BuildError).issues.map((i) => i.code)).toEqual(["SDK_SOURCE_SHARED"]);
    expect((failure as BuildError).issues[0]?.message).toContain("a component is built for one definition's WIT");
  });
});

describe("from a compiled module to a component", () => {
  const core = `(module
    (memory (export "memory") 1)
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8))
    (func (export "__run") (param i32) (result i32) (local.get 0))
    (func (export "__abort") (param i32 i32 i32 i32) unreachable))`;
  const wit = generateComponentWit({ exportName: "run", inputType: type("u32"), outputType: type("u32") });

  test("exports are renamed to what wit-component expects, or dropped; nothing else changes", async () => {
    const bytes = await wat(core);
    const renamed = renameExports(bytes, { __run: "run", __abort: null });
    expect(WebAssembly.validate(renamed)).toBe(true);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(renamed as Uint8Array<ArrayBuffer>));
    expect(exports.map((e) => e.name)).toEqual(["memory", "cabi_realloc", "run"]);
    const wrapped = await wrapComponent(renamed, wit.text, wit.world);
    expect(wrapped.ok).toBe(true);
  });

  test("a module wit-component refuses comes back as the tool's message, not a crash", async () => {
    const missing = await wrapComponent(await wat(core), wit.text, wit.world);
    expect(missing).toMatchObject({ ok: false, step: "new" });
    expect(missing.ok ? "" : missing.message).toMatch(/run/);
    const garbage = await wrapComponent(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]), wit.text, wit.world);
    expect(garbage).toMatchObject({ ok: false });
    // The tools still work afterwards.
    expect((await wrapComponent(renameExports(await wat(core), { __run: "run" }), wit.text, wit.world)).ok).toBe(true);
  });
});
