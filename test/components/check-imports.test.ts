import { beforeAll, describe, expect, test } from "vitest";
import { checkComponent, checkComponentImports, importAllowed } from "../../runtime/components/index.js";
import { parseValueType } from "../../runtime/values/index.js";
import { readComponentTypes } from "../../runtime/wasm/index.js";
import { componentFixture } from "../helpers/components.js";
import { component, name, section, sectionIds, vector } from "../wasm/component/encode.js";

// The task fixture imports an interface (wasmflow:task/host@0.1.0), a world function (rand) and
// declares a world record (pair), which wit-component writes as an eq-bounded type import.

let task: Uint8Array;
beforeAll(async () => {
  task = await componentFixture("task");
});

const count = {
  export: "wasmflow:task/run@0.1.0#count",
  inputType: parseValueType("string"),
  outputType: parseValueType("record{words: u32, chars: u32}"),
};

describe("the allow-list", () => {
  test("none by default: interfaces and world functions are refused, world typedefs ignored", () => {
    const result = checkComponent(task, count);
    expect(result.binding).toBeUndefined();
    expect(result.issues).toEqual([
      {
        code: "COMPONENT_IMPORT_NOT_ALLOWED",
        path: "imports.wasmflow:task/host@0.1.0",
        expected: "no imports",
        actual: "interface wasmflow:task/host@0.1.0 (now)",
        message: "the component imports interface wasmflow:task/host@0.1.0 (now); the sandbox provides no imports",
      },
      {
        code: "COMPONENT_IMPORT_NOT_ALLOWED",
        path: "imports.rand",
        expected: "no imports",
        actual: "function rand",
        message: "the component imports function rand; the sandbox provides no imports",
      },
    ]);
  });

  test("what is allowed passes, and the check gives the binding", () => {
    const result = checkComponent(task, count, { allowedImports: new Set(["wasmflow:task/host@0.1.0", "rand"]) });
    expect(result.issues).toEqual([]);
    expect(result.binding?.jcoPath).toEqual(["wasmflow:task/run@0.1.0", "count"]);
  });

  test("a close name on the list is offered", () => {
    const result = checkComponent(task, count, { allowedImports: new Set(["wasmflow:task/host@0.1.1", "rand"]) });
    expect(result.issues).toMatchObject([
      {
        path: "imports.wasmflow:task/host@0.1.0",
        expected: "one of rand, wasmflow:task/host@0.1.1",
        suggestions: ["wasmflow:task/host@0.1.1"],
      },
    ]);
  });

  test("a version ending in .x allows any version from there", () => {
    expect(importAllowed("wasi:random/random@0.2.12", new Set(["wasi:random/random@0.2.x"]))).toBe(true);
    expect(importAllowed("wasi:random/random@0.2.0", new Set(["wasi:random/random@0.2.x"]))).toBe(true);
    expect(importAllowed("wasi:random/random@0.2.0-rc.1", new Set(["wasi:random/random@0.2.x"]))).toBe(true);
    expect(importAllowed("wasi:random/random@0.3.0", new Set(["wasi:random/random@0.2.x"]))).toBe(false);
    expect(importAllowed("wasi:random/random@0.21.0", new Set(["wasi:random/random@0.2.x"]))).toBe(false);
    expect(importAllowed("wasi:random/insecure@0.2.1", new Set(["wasi:random/random@0.2.x"]))).toBe(false);
    expect(importAllowed("wasi:random/random@0.2.1", new Set(["wasi:random/random@0.x"]))).toBe(true);
    expect(importAllowed("wasi:random/random@0.2.1", new Set(["wasi:random/random"]))).toBe(false);
    expect(importAllowed("rand", new Set(["rand"]))).toBe(true);
  });

  test("an imported resource is something the host provides: refused", () => {
    // (import "blob" (type (sub resource)))
    const bytes = component(section(sectionIds.import, vector([[0x00, ...name("blob"), 0x03, 0x01]])));
    const { imports } = readComponentTypes(bytes);
    expect(imports).toEqual([{ name: "blob", kind: "type", bound: "resource" }]);
    expect(checkComponentImports(imports, new Set())).toMatchObject([
      { code: "COMPONENT_IMPORT_NOT_ALLOWED", path: "imports.blob", actual: "resource blob" },
    ]);
    expect(checkComponentImports(imports, new Set(["blob"]))).toEqual([]);
  });

  test("signature and import problems are reported together", () => {
    const result = checkComponent(task, { ...count, outputType: parseValueType("u32") });
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ["COMPONENT_TYPE_MISMATCH", "output"],
      ["COMPONENT_IMPORT_NOT_ALLOWED", "imports.wasmflow:task/host@0.1.0"],
      ["COMPONENT_IMPORT_NOT_ALLOWED", "imports.rand"],
    ]);
  });
});
