import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import type { BuildResult } from "../../runtime/build/index.js";
import { buildTasks } from "../../runtime/build/index.js";
import { BuildError } from "../../runtime/errors/index.js";
import { fixtureProject } from "./fixture-project.js";

let root: string;
let result: BuildResult;

beforeAll(async () => {
  root = fixtureProject(["math", "broken"]);
  result = await buildTasks({ root, names: ["fib"], target: "debug" });
});

test("names select tasks, with every task sharing their source", () => {
  expect(result.modules.map((m) => m.tasks)).toEqual([["add", "fib", "greet"]]);
  expect(existsSync(join(root, "build/math.wasm"))).toBe(true);
  expect(existsSync(join(root, "build/broken.wasm"))).toBe(false);
});

test("an unknown name is a BuildError listing the known tasks", async () => {
  const error = await buildTasks({ root, names: ["fob"] }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BuildError);
  expect((error as BuildError).message).toBe(
    'unknown task "fob"; known tasks: add, broken, fib, greet\n  - fob: no task definition is named "fob"',
  );
});
