import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildTasks } from "../../runtime/build/index.js";
import { Wasmflow } from "../../runtime/index.js";
import { loadTaskDefinition } from "../../runtime/tasks/index.js";
import type { ValueType } from "../../runtime/values/index.js";
import { canonical, valuesOf } from "../helpers/value-generators.js";
import { fixtureProject } from "./fixture-project.js";

// AssemblyScript tasks built as components (real asc, wit-component, jco), registered (the
// registry checks each component's WIT against its definition) and run in the pool.
const fixtures = [
  "component-echo",
  "component-flat",
  "component-direct",
  "component-classify",
  "component-halves",
  "tasks/char-classes",
];
let root: string;
let wf: Wasmflow;
const types = new Map<string, ValueType>();

beforeAll(async () => {
  root = fixtureProject(fixtures);
  await buildTasks({ root });
  wf = Wasmflow.open({ home: mkdtempSync(join(tmpdir(), "wf-home-")), root, pool: { threads: 1 } });
  const prepared = [];
  for (const fixture of fixtures) {
    const name = fixture.replace(/^tasks\//, "");
    const loaded = await loadTaskDefinition(join(root, "tasks", name, `${name}.task.json`));
    types.set(name, loaded.definition.inputType);
    prepared.push(await wf.tasks.prepareLoaded(loaded, root));
  }
  wf.tasks.commit(prepared);
}, 60_000);

afterAll(async () => {
  await wf?.close();
});

const output = async (task: string, input: unknown) => (await wf.run(task, input)).output;

const everything = {
  flag: true,
  small: -(2 ** 31),
  count: 2 ** 32 - 1,
  big: 2n ** 64n - 1n,
  negative: -(2n ** 63n),
  ratio: 1.5,
  precise: -0.1,
  letter: "😀",
  name: "wörd 😀 \u{10FFFF}",
  data: new Uint8Array([0, 1, 255]),
  tags: ["a", "", "日本語", "👩‍👩‍👧‍👦"],
  numbers: [0n, 2n ** 53n + 1n, 2n ** 64n - 1n],
  grid: [[1, -2], [], [3]],
  maybe: 7,
  nested: null,
  maybeText: "",
  meta: { id: 9, label: "nine" },
  maybeMeta: { id: 0, label: "" },
  pair: [-5n, true, "\0"],
  color: "light-blue",
  perms: { read: true, write: false, exec: true },
  twelve: { f0: true, f8: true, f11: true },
  twenty: { f1: true, f16: true, f19: true },
  all: { f0: true, f15: true, f16: true, f31: true },
  shape: { tag: "square", val: { side: 2.5 } },
  outcome: { tag: "err", val: "no" },
  done: { tag: "ok" },
  failure: { tag: "err", val: "bad" },
  total: { tag: "ok", val: 2n ** 60n },
  many: [{ tag: "a", val: 1 }, { tag: "b" }, { tag: "a", val: 4294967295 }],
  keywords: { type: 3, list: "l", result: false },
  cases: { tag: "static", val: "readonly" },
  wordCount: 42,
  snake_case_name: "snake",
};

describe("an AssemblyScript task built as a component", () => {
  test("every kind goes host → guest → host unchanged, the input in memory (over 16 flat values), the output through a return area", async () => {
    const type = types.get("component-echo") as ValueType;
    expect(canonical(type, await output("component-echo", everything))).toEqual(canonical(type, everything));
    const other = {
      ...everything,
      nested: 0,
      maybe: null,
      maybeText: null,
      maybeMeta: null,
      name: "",
      data: new Uint8Array(0),
      tags: [],
      shape: { tag: "named", val: "n" },
      outcome: { tag: "ok", val: 0 },
      done: { tag: "err" },
      failure: { tag: "ok" },
      cases: { tag: "null" },
    };
    expect(canonical(type, await output("component-echo", other))).toEqual(canonical(type, other));
  });

  test("variants sharing joined slots lift from flat parameters; an interface's function is the export", async () => {
    const type = types.get("component-flat") as ValueType;
    const base = {
      pair: [2.5, -3],
      maybe: 0.25,
      outcome: { tag: "ok", val: -1.5 },
      flag: true,
      count: 7,
      items: ["é"],
    };
    for (const [shape, mix, outcome] of [
      [
        { tag: "small", val: -1.25 },
        { tag: "f", val: -2.5 },
        { tag: "ok", val: 1e300 },
      ],
      [
        { tag: "big", val: 2n ** 64n - 1n },
        { tag: "i", val: 4294967295 },
        { tag: "err", val: 4294967295 },
      ],
      [
        { tag: "text", val: "héllo 😀" },
        { tag: "i", val: 0 },
        { tag: "ok", val: -0 },
      ],
      [{ tag: "none" }, { tag: "f", val: Number.POSITIVE_INFINITY }, { tag: "err", val: 0 }],
    ]) {
      const value = { ...base, shape, mix, outcome };
      expect(canonical(type, await output("component-flat", value))).toEqual(canonical(type, value));
    }
  });

  test("one flat result is returned directly: a u64 past 2^53, an enum", async () => {
    await expect(output("component-direct", { value: 2n ** 64n - 1n, fail: false })).resolves.toBe(2n ** 64n - 1n);
    await expect(output("component-direct", { value: 2n ** 53n + 2n, fail: false })).resolves.toBe(2n ** 53n + 2n);
    // Outputs within 2^53 are numbers.
    await expect(output("component-direct", { value: 2 ** 53 - 1, fail: false })).resolves.toBe(2 ** 53 - 1);
    await expect(output("component-classify", "")).resolves.toBe("empty");
    await expect(output("component-classify", "😀😀😀")).resolves.toBe("short");
    await expect(output("component-classify", "a".repeat(10))).resolves.toBe("long");
  });

  test("a string with a lone surrogate, which UTF-8 cannot carry, comes out with U+FFFD in its place", async () => {
    await expect(output("component-halves", "😀x")).resolves.toBe("\uFFFD|😀x");
    await expect(output("component-halves", "ab")).resolves.toBe("a|ab");
    await expect(output("component-halves", "")).resolves.toBe("|");
  });

  test("a task that throws ends as TRAP, and the pool keeps serving", async () => {
    await expect(wf.run("component-direct", { value: 1, fail: true })).rejects.toMatchObject({ code: "TRAP" });
    await expect(output("component-direct", { value: 2, fail: false })).resolves.toBe(2);
    await expect(wf.run("component-direct", { value: 1, fail: true }, { instance: "reuse" })).rejects.toMatchObject({
      code: "TRAP",
    });
    await expect(wf.run("component-direct", { value: 3, fail: false }, { instance: "reuse" })).resolves.toMatchObject({
      output: 3,
    });
  });

  test("any value of its types comes back equal, on fresh and on reused instances", async () => {
    for (const task of ["component-echo", "component-flat"]) {
      const type = types.get(task) as ValueType;
      await fc.assert(
        fc.asyncProperty(valuesOf(type), fc.boolean(), async (value, reuse) => {
          const result = await wf.run(task, value, reuse ? { instance: "reuse" } : {});
          expect(canonical(type, result.output)).toEqual(canonical(type, value));
        }),
        { numRuns: 40 },
      );
    }
  });

  test("the char-classes example counts a text's character classes", async () => {
    await expect(output("char-classes", { text: "Hello 42" })).resolves.toEqual({
      letters: 5,
      digits: 2,
      spaces: 1,
      others: 0,
      dominant: "letters",
      first: "H",
    });
    await expect(output("char-classes", { text: "" })).resolves.toEqual({
      letters: 0,
      digits: 0,
      spaces: 0,
      others: 0,
      dominant: "none",
      first: null,
    });
    await expect(output("char-classes", { text: " 2024-06-01 😀!" })).resolves.toEqual({
      letters: 0,
      digits: 8,
      spaces: 2,
      others: 4,
      dominant: "digits",
      first: "2",
    });
  });

  test("the component's core module imports nothing and exports what wit-component expects", async () => {
    const { readComponentTypes } = await import("../../runtime/wasm/index.js");
    const bytes = readFileSync(join(root, "build", "component-flat.wasm"));
    const read = readComponentTypes(bytes);
    expect(read.imports).toEqual([]);
    expect(read.functions.map((f) => f.path)).toEqual(["wasmflow:task/run@0.1.0#run"]);
  });
});
