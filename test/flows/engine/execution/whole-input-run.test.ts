import { expect, test } from "vitest";
import { runTyped, type TypedTask } from "./typed-tasks.js";

// Whole step inputs of every kind — one expression or one literal — through the real engine with
// tasks answered in JavaScript (typed-tasks.ts), and the input each attempt was given read back
// from the store.

const tasks: Record<string, TypedTask> = {
  tags: { input: "list<string>", output: "u32", answer: (tags: string[]) => tags.length },
  repeat: { input: "u32", output: "string", answer: (n: number) => "ab".repeat(n) },
  maybe: { input: "option<string>", output: "bool", answer: (value: unknown) => value !== null },
  pair: { input: "tuple<u32, string>", output: "tuple<u32, string>", answer: (pair: unknown) => pair },
  paint: { input: "enum{red, green}", output: "string", answer: (color: string) => `painted ${color}` },
  flip: { input: "bool", output: "bool", answer: (value: boolean) => !value },
  sum: { input: { a: "s32", b: "s32" }, output: "s32", answer: ({ a, b }: { a: number; b: number }) => a + b },
  size: { input: "bytes", output: "u32", answer: (bytes: Uint8Array) => bytes.byteLength },
};

const run = (flow: Record<string, unknown>, input: unknown) => runTyped(tasks, flow, input);

const flowInput = { words: "list<string>", n: "u32", name: "string", pair: "tuple<u32, string>" };

test("literals of every JSON kind but string and object are whole inputs, converted to the declared type", async () => {
  const { outcome, calls, stored } = await run(
    {
      name: "whole-literals",
      input: flowInput,
      steps: [
        { id: "tags", task: "tags", input: ["a", "b", "c"] },
        { id: "repeat", task: "repeat", input: 2 },
        { id: "maybe", task: "maybe", input: null },
        { id: "pair", task: "pair", input: [7, "seven"] },
        { id: "flip", task: "flip", input: false },
      ],
      output: {
        tags: "steps.tags.output",
        repeat: "steps.repeat.output",
        maybe: "steps.maybe.output",
        pair: "steps.pair.output",
        flip: "steps.flip.output",
      },
    },
    { words: [], n: 0, name: "", pair: [0, ""] },
  );
  expect(calls).toEqual([
    { tags: ["a", "b", "c"] },
    { repeat: 2 },
    { maybe: null },
    { pair: [7, "seven"] },
    { flip: false },
  ]);
  // An absent option is stored as null: a given input, not the absence of one.
  expect(stored).toEqual({ tags: ["a", "b", "c"], repeat: 2, maybe: null, pair: [7, "seven"], flip: false });
  expect(outcome).toEqual({
    status: "succeeded",
    output: { tags: 3, repeat: "abab", maybe: false, pair: [7, "seven"], flip: true },
  });
});

test("one expression feeds a whole input of any kind, read from the flow input or from a step's output", async () => {
  const { outcome, calls, stored } = await run(
    {
      name: "whole-expressions",
      input: flowInput,
      steps: [
        { id: "tags", task: "tags", input: "input.words + ['last']" },
        { id: "repeat", task: "repeat", after: ["tags"], input: "steps.tags.output" },
        { id: "maybe", task: "maybe", input: "input.name" },
        { id: "pair", task: "pair", input: "input.pair" },
        { id: "again", task: "pair", after: ["pair"], input: "steps.pair.output" },
        { id: "paint", task: "paint", input: "'green'" },
        { id: "sum", task: "sum", input: "{'a': 40, 'b': 2}" },
        { id: "size", task: "size", input: "b'four'" },
      ],
      output: {
        repeat: "steps.repeat.output",
        maybe: "steps.maybe.output",
        again: "steps.again.output",
        paint: "steps.paint.output",
        sum: "steps.sum.output",
        size: "steps.size.output",
      },
    },
    { words: ["x"], n: 0, name: "ada", pair: [1, "one"] },
  );
  expect(calls).toHaveLength(8);
  expect(calls).toEqual(
    expect.arrayContaining([
      { tags: ["x", "last"] },
      { repeat: 2 },
      { maybe: "ada" },
      { pair: [1, "one"] },
      { paint: "green" },
      { sum: { a: 40, b: 2 } },
      { size: new TextEncoder().encode("four") },
    ]),
  );
  expect(stored).toMatchObject({ repeat: 2, maybe: "ada", again: [1, "one"], sum: { a: 40, b: 2 } });
  expect(outcome).toEqual({
    status: "succeeded",
    output: { repeat: "abab", maybe: true, again: [1, "one"], paint: "painted green", sum: 42, size: 4 },
  });
});

test.each([
  ["an integer out of the input's range", "repeat", "dyn(-1)", "steps.it.input", "out_of_range"],
  ["a string that is no case of the enum", "paint", "input.name", "steps.it.input", "unknown_case"],
  ["a list too short for the tuple", "pair", "dyn([1])", "steps.it.input", "out_of_range"],
  ["a map without a record field", "sum", "{'a': 1}", "steps.it.input.b", "missing_field"],
])("%s fails the step when it runs, its issue at the input's path", async (_name, task, expression, path, reason) => {
  const { outcome, calls, stored } = await run(
    { name: "whole-refused", input: flowInput, steps: [{ id: "it", task, input: expression }], output: {} },
    { words: [], n: 0, name: "blue", pair: [0, ""] },
  );
  expect(calls).toEqual([]);
  expect(stored).toEqual({ it: undefined });
  expect(outcome).toMatchObject({
    status: "failed",
    error: { code: "CONDITION_ERROR", step: "it", details: { expression, reason } },
  });
  expect(outcome.status === "failed" ? outcome.error.message : "").toContain(`"${expression}": ${path}: `);
});
