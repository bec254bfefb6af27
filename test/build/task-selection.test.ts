import { existsSync, readFileSync, writeFileSync } from "node:fs";
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

test("an unknown name is a BuildError offering the closest known task", async () => {
  const error = await buildTasks({ root, names: ["fob"] }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BuildError);
  expect((error as BuildError).message).toBe(
    'unknown task "fob"\n  - fob: no task definition is named "fob"; did you mean "fib"?',
  );
  expect((error as BuildError).issues[0]?.suggestions).toEqual(["fib"]);
});

test("an unknown name close to none lists the known tasks", async () => {
  const error = await buildTasks({ root, names: ["checksum"] }).catch((e: unknown) => e);
  expect((error as BuildError).message).toBe(
    'unknown task "checksum"\n  - checksum: no task definition is named "checksum"; the known tasks: add, broken, fib, greet',
  );
});

// Regression: a task whose definition declares a type that does not exist was reported as
// "unknown task" when built by name, with the real problem at the bottom, pointing at the whole
// output type.
test("a task named whose definition declares an unknown type is refused for that type, at its field", async () => {
  const project = fixtureProject(["math"]);
  const file = join(project, "tasks/math/fib.task.json");
  writeFileSync(file, readFileSync(file, "utf8").replace(/"output": *"u64"/, '"output": { "value": "u46" }'));
  const error = await buildTasks({ root: project, names: ["fib"] }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BuildError);
  expect((error as BuildError).message).toBe(
    'build failed with 1 problem\n  - tasks/math/fib.task.json#output.value: unknown type "u46"; did you mean "u64"?',
  );
});
