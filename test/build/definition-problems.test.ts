import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import type { BuildEvent } from "../../runtime/build/index.js";
import { BuildError } from "../../runtime/errors/index.js";
import { recordBuild } from "./build-events.js";
import { fixtureProject } from "./fixture-project.js";

let root: string;
let outcome: unknown;
let events: BuildEvent[];

function writeDefinition(folder: string, name: string, fields: Record<string, unknown>): void {
  mkdirSync(join(root, "tasks", folder), { recursive: true });
  const definition = {
    name,
    abi: "sdk",
    source: "index.ts",
    module: `../../build/${name}.wasm`,
    input: "string",
    output: "string",
    ...fields,
  };
  writeFileSync(join(root, "tasks", folder, `${name}.task.json`), JSON.stringify(definition));
}

// Problems the compiler cannot see, each in its own folder, next to a task that builds.
beforeAll(async () => {
  root = fixtureProject(["scalars"]);
  writeDefinition("pair", "first", {});
  writeDefinition("pair", "second", { module: "../../build/first.wasm" });
  writeDefinition("bad-export", "bad-export", { export: "default" });
  writeDefinition("outside", "outside", { module: "../../../elsewhere.wasm" });
  writeDefinition("missing", "missing", { source: "nowhere.ts" });
  writeDefinition("invalid", "invalid", { input: "list<" });
  writeDefinition("prebuilt", "prebuilt", { source: undefined });
  ({ outcome, events } = await recordBuild({ root }));
});

test("every problem is reported in one BuildError", () => {
  expect(outcome).toBeInstanceOf(BuildError);
  const issues = (outcome as BuildError).issues;
  expect(issues.map((i) => [i.code, i.path])).toEqual([
    ["TYPE_SYNTAX", "tasks/invalid/invalid.task.json#input"],
    ["EXPORT_NAME_INVALID", "tasks/bad-export/bad-export.task.json"],
    ["MODULE_PATH_OUTSIDE_ROOT", "tasks/outside/outside.task.json"],
    ["SDK_SOURCE_SHARED", "tasks/pair/first.task.json"],
    ["SOURCE_NOT_FOUND", "tasks/missing/nowhere.ts"],
  ]);
});

test("tasks without problems are built, and precompiled ones skipped", () => {
  expect(existsSync(join(root, "build/scalars.wasm"))).toBe(true);
  expect(events.filter((e) => e.type === "skipped")).toEqual([
    { type: "skipped", tasks: ["prebuilt"], reason: "no source: the module is precompiled" },
  ]);
});
