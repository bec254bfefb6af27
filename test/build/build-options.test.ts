import { expect, test } from "vitest";
import { type BuildOptions, buildTasks } from "../../runtime/build/index.js";
import { UsageError } from "../../runtime/errors/index.js";

test.each<[string, unknown, string]>([
  ["an empty root", { root: "" }, "options.root must be a non-empty path"],
  ["an unknown target", { root: ".", target: "fast" }, 'options.target must be "release" or "debug", not "fast"'],
  ["names that are not strings", { root: ".", names: [1] }, "options.names must be an array of task names"],
  ["an onEvent that is not a function", { root: ".", onEvent: true }, "options.onEvent must be a function"],
])("%s is a UsageError", async (_, options, message) => {
  const error = await buildTasks(options as BuildOptions).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as UsageError).message).toBe(message);
});
