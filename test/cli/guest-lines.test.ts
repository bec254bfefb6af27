import { beforeAll, expect, test } from "vitest";
import { fixtureProject } from "../build/fixture-project.js";
import { cli } from "../helpers/cli.js";

// A failing call printed by `task run`: the task's line in the message, the guest's stack under it.
const root = fixtureProject(["lines"]);
const wasmflow = (...args: string[]) => cli([...args, "--home", `${root}/.wasmflow`], { cwd: root });
const run = (input: unknown, ...more: string[]) =>
  wasmflow("task", "run", "lines", "--input", JSON.stringify(input), ...more);

beforeAll(() => {
  expect(wasmflow("build", "--debug").code).toBe(0);
  expect(wasmflow("task", "add").code).toBe(0);
});

test("an out-of-range index: the task's line and the library's place, then the calls that led there", () => {
  const result = run({ mode: "index", n: 5 });
  expect(result.code).toBe(1);
  expect(result.stderr.trimEnd().split("\n")).toEqual([
    "error [GUEST_ABORT] abort: Index out of range at tasks/lines/index.ts:4:10 (~lib/array.ts:114:42)",
    "  called from tasks/lines/index.ts:14:43",
    // The generated entry that called the task's function.
    expect.stringMatching(/^ {2}called from tasks\/lines\/index\.entry\.gen\.ts:\d+:\d+$/),
  ]);
});

test("--json carries the place as data", () => {
  const result = run({ mode: "divide", n: 0 }, "--json");
  expect(result.json()).toMatchObject({
    error: {
      code: "TRAP",
      message: "trap: divide by zero at tasks/lines/index.ts:15:49",
      details: { kind: "integer_divide_by_zero", source: { file: "tasks/lines/index.ts", line: 15, column: 49 } },
    },
  });
});

test("a recursion that overflowed the stack prints its call once, with a count", () => {
  const lines = run({ mode: "recurse", n: 0 }).stderr.trimEnd().split("\n");
  expect(lines).toEqual([
    "error [TRAP] trap: Maximum call stack size exceeded at tasks/lines/index.ts:8:10",
    expect.stringMatching(/^ {2}called from tasks\/lines\/index\.ts:8:10 \(× \d+\)$/),
  ]);
});
