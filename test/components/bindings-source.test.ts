import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  bindingsAsFunctionBody,
  bindingsShapeProblem,
  embeddedCoreModules,
  jcoTranspileVersion,
  transpileComponent,
} from "../../runtime/components/index.js";
import { componentFixture } from "../helpers/components.js";
import { callsComponent } from "../sandbox/component/fixture.js";

const shaped = `const x = new TextDecoder();
export function instantiate(getCoreModule, imports, instantiateCore) {
  return { run() { return x.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])); } };
}
export const _util = {
};
`;

describe("jco's bindings as a worker loads them", () => {
  test("the expected shape is accepted and becomes a function body setting module.exports", () => {
    expect(bindingsShapeProblem(shaped)).toBeUndefined();
    const module: { exports: { instantiate?: (...args: unknown[]) => { run(): string } } } = { exports: {} };
    new Function("module", bindingsAsFunctionBody(shaped))(module);
    // The leading U+FEFF is kept: a string's first character is data.
    expect(module.exports.instantiate?.().run()).toBe("\uFEFFa");
  });

  test.each([
    ["an import statement", `import fs from "node:fs";\n${shaped}`],
    ["a dynamic import", shaped.replace("return {", "import('x'); return {")],
    ["import.meta", shaped.replace("return {", "import.meta.url; return {")],
    ["a require", shaped.replace("return {", "require('fs'); return {")],
    ["two instantiate functions", `${shaped}export function instantiate() {}\n`],
    ["another export", `${shaped}export const other = 1;\n`],
    ["no instantiate", shaped.replace("export function instantiate", "function instantiate")],
  ])("%s is refused", (_what, source) => {
    expect(bindingsShapeProblem(source)).toEqual(expect.any(String));
  });

  test("a real transpile has the shape, and its core files are the modules the component embeds", async () => {
    // The second, with imports, has wit-component's shim and fixup modules besides its own.
    for (const bytes of [await callsComponent(), await componentFixture("task")]) {
      const transpiled = await transpileComponent(bytes);
      expect(transpiled.bindings).toContain("module.exports = { instantiate };");
      expect(transpiled.cores.map((c) => [c.name, c.bytes])).toEqual(
        embeddedCoreModules(bytes).map((c) => [c.name, c.bytes]),
      );
    }
  });

  test("the cache key's tool version is the one package.json pins", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(pkg.dependencies["@bytecodealliance/jco-transpile"]).toBe(jcoTranspileVersion);
  });
});
