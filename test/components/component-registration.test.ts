import { afterAll, describe, expect, test } from "vitest";
import { type Issue, TaskValidationError } from "../../runtime/errors/index.js";
import { Store } from "../../runtime/store/index.js";
import { parseTaskDefinition, TaskRegistry } from "../../runtime/tasks/index.js";
import { componentFixture, componentOfWat, componentOfWorld } from "../helpers/components.js";
import { callsComponent, callsWat, callsWit, everythingType } from "../sandbox/component/fixture.js";

const store = Store.open({ home: ":memory:" });
const registry = new TaskRegistry(store);
afterAll(() => store.close());

function definition(fields: Record<string, unknown>) {
  return parseTaskDefinition({ name: "comp", abi: "component", module: "c.wasm", ...fields });
}

/** The issues registration refuses `bytes` with under `fields`, or [] when it accepts them. */
async function issuesOf(bytes: Uint8Array, fields: Record<string, unknown>): Promise<readonly Issue[]> {
  try {
    await registry.prepareAsync(definition(fields), bytes);
    return [];
  } catch (error) {
    if (!(error instanceof TaskValidationError)) throw error;
    return error.issues;
  }
}

const codesAndPaths = (issues: readonly Issue[]) => issues.map((i) => [i.code, i.path]);

describe("registering a component task", () => {
  test("a component matching its definition is registered, with abi component", async () => {
    const bytes = await callsComponent();
    const prepared = await registry.prepareAsync(
      definition({ export: "echo-all", input: everythingType, output: everythingType }),
      bytes,
    );
    const [result] = registry.commit([prepared]);
    expect(result?.status).toBe("created");
    expect(registry.get("comp")).toMatchObject({ abi: "component", moduleSize: bytes.byteLength });
    expect(registry.moduleBytes(registry.get("comp"))).toEqual(bytes);
  });

  test("every mismatch is reported at once, each with its code and path", async () => {
    const bytes = await callsComponent();
    const issues = await issuesOf(bytes, {
      export: "add",
      input: { a: "u64", b: "string" },
      output: "string",
    });
    expect(codesAndPaths(issues)).toEqual([
      ["COMPONENT_TYPE_MISMATCH", "input.b"],
      ["COMPONENT_TYPE_MISMATCH", "output"],
    ]);
    expect(codesAndPaths(await issuesOf(bytes, { export: "nope", input: "u32", output: "u32" }))).toEqual([
      ["MISSING_EXPORT", "exports.nope"],
    ]);
  });

  test("types and signatures with no wasmflow form are refused", async () => {
    const wit = `package test:odd@0.1.0;
world odd {
  export small: func(n: u8) -> u32;
  export nothing-out: func(n: u32);
}`;
    const bytes = await componentOfWorld(wit, "odd");
    expect(codesAndPaths(await issuesOf(bytes, { export: "small", input: "u32", output: "u32" }))).toEqual([
      ["COMPONENT_TYPE_UNSUPPORTED", "input"],
    ]);
    const issues = await issuesOf(bytes, { export: "nothing-out", input: "u32", output: "u32" });
    expect(issues.map((i) => i.code)).toEqual(["COMPONENT_SIGNATURE_UNSUPPORTED"]);
  });

  test("a component with imports is refused: the sandbox provides none", async () => {
    const bytes = await componentFixture("task");
    const issues = await issuesOf(bytes, { export: "shout", input: "string", output: "string" });
    expect(issues.map((i) => i.code)).toEqual(["COMPONENT_IMPORT_NOT_ALLOWED", "COMPONENT_IMPORT_NOT_ALLOWED"]);
    expect(issues.map((i) => i.path).sort()).toEqual(["imports.rand", "imports.wasmflow:task/host@0.1.0"]);
  });

  test("its core modules meet the rules modules meet, with paths naming the core module", async () => {
    const big = callsWat
      .replace('(memory (export "memory") 1)', '(memory (export "memory") 5)')
      .replace("(global $heap", "(table 1 funcref) (global $heap");
    const bytes = await componentOfWat(big, callsWit, "calls");
    const issues = await issuesOf(bytes, {
      export: "count",
      input: "u32",
      output: "string",
      limits: { maxMemoryPages: 4 },
    });
    expect(codesAndPaths(issues)).toEqual([
      ["COMPONENT_TYPE_MISMATCH", "output"],
      ["MEMORY_INITIAL_OVER_LIMIT", "component.core.wasm.memories[0].initial"],
      ["TABLE_NO_MAXIMUM", "component.core.wasm.tables[0].maximum"],
    ]);
    expect(issues[1]?.message).toContain("core module component.core.wasm");
  });

  test("a core module is not a component: MODULE_MALFORMED", async () => {
    const issues = await issuesOf(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), {
      export: "run",
      input: "string",
      output: "string",
    });
    expect(codesAndPaths(issues)).toEqual([["MODULE_MALFORMED", "module"]]);
  });

  test("registration without transpiling (prepare) runs the same checks", async () => {
    const bytes = await componentFixture("task");
    expect(() => registry.prepare(definition({ export: "shout", input: "string", output: "string" }), bytes)).toThrow(
      TaskValidationError,
    );
  });
});

test("inspecting a registered component shows its first core module", async () => {
  const bytes = await callsComponent();
  const prepared = await registry.prepareAsync(
    parseTaskDefinition({
      name: "inspected",
      abi: "component",
      module: "c.wasm",
      export: "count",
      input: "u32",
      output: "u32",
    }),
    bytes,
  );
  registry.commit([prepared]);
  const info = registry.inspect("inspected");
  expect(info.exports.map((e) => e.name)).toContain("count");
  expect(info.memories).toEqual([expect.objectContaining({ initial: 1 })]);
});
