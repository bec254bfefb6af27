import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { buildTasks } from "../../runtime/build/index.js";
import { embedSourceMap } from "../../runtime/build/source-map.js";
import { sourceMapCaps } from "../../runtime/source-maps/index.js";
import { appendCustomSection, inspectModule } from "../../runtime/wasm/index.js";
import { wat } from "../helpers/wat.js";
import { fixtureProject, readModule } from "./fixture-project.js";

const sdkFolder = fileURLToPath(new URL("../../guest-sdk", import.meta.url));

interface Map {
  version: number;
  sources: string[];
  mappings: string;
  ignoreList: number[];
}

function sectionsOf(bytes: Uint8Array): { names: string[]; map: Map | undefined } {
  const sections = inspectModule(bytes).customSections;
  const data = sections.find((s) => s.name === "wasmflow.sourcemap")?.data;
  return {
    names: sections.map((s) => s.name),
    map: data === undefined ? undefined : (JSON.parse(new TextDecoder().decode(data)) as Map),
  };
}

const ignored = (map: Map) => map.sources.filter((_, i) => map.ignoreList.includes(i));
const own = (map: Map) => map.sources.filter((_, i) => !map.ignoreList.includes(i));

describe.each(["debug", "release"] as const)("a %s build", (target) => {
  let root: string;
  beforeAll(async () => {
    root = fixtureProject(["host-calls", "math"]);
    await buildTasks({ root, target });
  });

  test("puts one source map inside the module, and no sourceMappingURL naming a file never written", () => {
    for (const name of ["host-calls", "math"]) {
      const { names, map } = sectionsOf(readModule(root, name));
      expect(names.filter((n) => n === "wasmflow.sourcemap")).toHaveLength(1);
      expect(names).not.toContain("sourceMappingURL");
      // Only what mapping needs: no sourcesContent (the standard library's text), no sourceRoot.
      expect(Object.keys(map ?? {}).sort()).toEqual(["ignoreList", "mappings", "sources", "version"]);
      expect(map?.version).toBe(3);
    }
  });

  test("names the task's source as the compiler does, relative to the root; the rest is library code", () => {
    const { map } = sectionsOf(readModule(root, "host-calls"));
    if (map === undefined) throw new Error("no map");
    expect(own(map)).toEqual(["tasks/host-calls/index.ts"]);
    const library = ignored(map);
    expect(library).toEqual(
      expect.arrayContaining([
        "~lib/rt/stub.ts",
        "tasks/host-calls/index.gen.ts",
        "tasks/host-calls/index.entry.gen.ts",
      ]),
    );
    // The guest SDK, wherever it lies relative to the project.
    const sdk = library.filter((s) => s.endsWith("guest-sdk/reader.ts"));
    expect(sdk).toHaveLength(1);
    expect(resolve(root, sdk[0] as string)).toBe(join(sdkFolder, "reader.ts"));
    const plain = sectionsOf(readModule(root, "math")).map;
    expect(plain === undefined ? [] : own(plain)).toEqual(["tasks/math/index.ts"]);
  });
});

describe("embedSourceMap", () => {
  const context = {
    root: "/p",
    sdkFolder: "/p/sdk",
    generated: ["/p/tasks/x/index.gen.ts"],
    moduleShown: "build/x.wasm",
  };

  test("a map over the cap is left out with a warning; the module works as before", async () => {
    const bare = await wat("(module)");
    const compiled = appendCustomSection(bare, "sourceMappingURL", new TextEncoder().encode("./module.wasm.map"));
    const mapText = JSON.stringify({
      version: 3,
      sources: ["tasks/x/index.ts"],
      mappings: "A,".repeat(sourceMapCaps.maxBytes / 2),
    });
    const embedded = embedSourceMap(compiled, mapText, context);
    expect(embedded.binary).toEqual(bare);
    expect(embedded.warning).toEqual({
      code: "SOURCE_MAP_TOO_LARGE",
      path: "build/x.wasm",
      message: expect.stringMatching(/^the source map is \d+ bytes, over the 1048576 the host reads: left out/),
    });
  });

  test("without a map from the compiler, the module is only freed of the URL", async () => {
    const bare = await wat("(module)");
    const compiled = appendCustomSection(bare, "sourceMappingURL", new TextEncoder().encode("./module.wasm.map"));
    expect(embedSourceMap(compiled, undefined, context)).toEqual({ binary: bare });
    expect(embedSourceMap(compiled, "{not json", context)).toEqual({ binary: bare });
  });

  test("the SDK's folder, the generated files and ~lib are library code; nothing else is", async () => {
    const mapText = JSON.stringify({
      version: 3,
      sources: ["~lib/array.ts", "sdk/reader.ts", "tasks/x/index.gen.ts", "tasks/x/index.ts", "sdkish/a.ts"],
      sourcesContent: ["…"],
      mappings: "AAAA",
    });
    const { binary } = embedSourceMap(await wat("(module)"), mapText, context);
    expect(sectionsOf(binary).map?.ignoreList).toEqual([0, 1, 2]);
  });
});
