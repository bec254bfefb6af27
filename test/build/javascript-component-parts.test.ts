import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test, vi } from "vitest";
import { displayPath } from "../../runtime/build/diagnostics.js";
import { findBuildTools } from "../../runtime/build/javascript/build-tools.js";
import {
  componentCacheKey,
  componentCacheSlot,
  readCachedComponent,
  writeCachedComponent,
} from "../../runtime/build/javascript/component-cache.js";
import { buildJavaScriptComponent } from "../../runtime/build/javascript/index.js";

// The parts of a JavaScript build that need no componentize-js run: finding the tools, the
// message when they are missing, and the cache's own checks.

const missingTools = vi.hoisted(() => ({ on: false }));
vi.mock(import("../../runtime/build/javascript/build-tools.js"), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, findBuildTools: (root: string) => (missingTools.on ? {} : actual.findBuildTools(root)) };
});

const root = mkdtempSync(join(tmpdir(), "wf-js-parts-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("finding the opt-in build tools", () => {
  test("the project's own componentize-js comes first; esbuild falls back to wasmflow's", () => {
    const folder = join(root, "node_modules/@bytecodealliance/componentize-js");
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, "package.json"),
      JSON.stringify({ version: "0.23.9", exports: { import: "./src/componentize.js" } }),
    );
    const tools = findBuildTools(root);
    expect(tools.componentize).toEqual({ entry: join(folder, "src/componentize.js"), version: "0.23.9" });
    expect(tools.esbuild?.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test("when they are missing, BUILD_TOOL_MISSING says what to run", async () => {
    missingTools.on = true;
    try {
      const outcome = await buildJavaScriptComponent({
        root,
        source: join(root, "tasks/x/index.ts"),
        language: "typescript",
        witSource: "package a:b;\nworld task {\n  export run: func(input: string) -> string;\n}\n",
        world: "task",
        display: (path) => displayPath(root, path),
      });
      expect(outcome).toEqual({
        ok: false,
        issues: [
          {
            code: "BUILD_TOOL_MISSING",
            path: "tasks/x/index.ts",
            message:
              "building a TypeScript task needs tools that are not installed; run: npm install --save-dev @bytecodealliance/componentize-js@0.23.0 esbuild",
          },
        ],
      });
    } finally {
      missingTools.on = false;
    }
  });
});

describe("the component cache", () => {
  const folder = join(root, "cache");
  const inputs = {
    bundle: "export function run(x) { return x; }\n",
    entry: 'import * as task from "./index.js";\n',
    witSource: "package a:b;",
    world: "task",
    componentizeVersion: "0.23.0",
    disableFeatures: ["stdio"],
  };
  const slot = componentCacheSlot("tasks/x/index.js");
  const binary = new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 9, 9, 9]);

  test("a component comes back for the same inputs, and only for them", async () => {
    const key = componentCacheKey(inputs);
    await writeCachedComponent(folder, slot, key, binary);
    expect(await readCachedComponent(folder, slot, key)).toEqual(binary);
    expect(await readCachedComponent(folder, slot, componentCacheKey({ ...inputs, world: "other" }))).toBeUndefined();
    expect(await readCachedComponent(folder, componentCacheSlot("tasks/y/index.js"), key)).toBeUndefined();
  });

  test("a component whose bytes no longer match their hash is a miss", async () => {
    const key = componentCacheKey(inputs);
    await writeCachedComponent(folder, slot, key, binary);
    const file = join(folder, slot);
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    writeFileSync(file, bytes);
    expect(await readCachedComponent(folder, slot, key)).toBeUndefined();
    writeFileSync(file, bytes.subarray(0, 40));
    expect(await readCachedComponent(folder, slot, key)).toBeUndefined();
  });
});
