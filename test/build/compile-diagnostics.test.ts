import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import type { BuildEvent } from "../../runtime/build/index.js";
import { BuildError } from "../../runtime/errors/index.js";
import { recordBuild } from "./build-events.js";
import { fixtureProject } from "./fixture-project.js";

let root: string;
let outcome: unknown;
let events: BuildEvent[];

// `broken` assigns a string to a u32 field on line 8; `word-count` is fine.
beforeAll(async () => {
  root = fixtureProject(["broken", "tasks/word-count"]);
  ({ outcome, events } = await recordBuild({ root }));
});

test("a type error becomes a BuildError issue pointing at file:line:column", () => {
  expect(outcome).toBeInstanceOf(BuildError);
  const error = outcome as BuildError;
  expect(error.code).toBe("BUILD_FAILED");
  expect(error.issues).toEqual([
    {
      code: "COMPILE_ERROR",
      path: "tasks/broken/index.ts:5:16",
      message: expect.stringMatching(/Type '~lib\/string\/String' is not assignable to type 'u32'/),
    },
  ]);
  expect(error.message).toContain("broken did not compile");
  expect(error.message).toContain("tasks/broken/index.ts:5:16");
});

test("the other tasks are still built", () => {
  expect(existsSync(join(root, "build/tasks/word-count.wasm"))).toBe(true);
  expect(events.map((e) => [e.type, e.tasks])).toEqual([
    ["started", ["broken"]],
    ["failed", ["broken"]],
    ["started", ["word-count"]],
    ["finished", ["word-count"]],
  ]);
});
