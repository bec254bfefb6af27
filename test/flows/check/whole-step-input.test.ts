import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { DefinitionError, type Issue } from "../../../runtime/errors/index.js";
import type { StepTaskTypes } from "../../../runtime/flows/check/index.js";
import { parseFlowDefinition } from "../../../runtime/flows/definition/index.js";
import { type TaskTypeLookup, validateFlow } from "../../../runtime/flows/index.js";
import { findTaskDefinitionFiles, loadTaskDefinition } from "../../../runtime/tasks/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

// A step input written as one expression or one literal is type-checked against the task's whole
// input type by the rules a mapped field is checked with, its problems addressed at
// `steps.<id>.input`. The repository's tasks (rot13 takes one string; score a record) and a few
// declared here, with an input of each other kind.

const root = fileURLToPath(new URL("../../..", import.meta.url));
const declared: Record<string, string> = {
  tags: "list<string>",
  repeat: "u32",
  maybe: "option<string>",
  pair: "tuple<u32, string>",
  paint: "enum{red, green}",
};
let tasks: TaskTypeLookup;

beforeAll(async () => {
  const types = new Map<string, StepTaskTypes>();
  for (const file of await findTaskDefinitionFiles(root)) {
    const { definition } = await loadTaskDefinition(file);
    types.set(definition.name, { input: definition.inputType, output: definition.outputType });
  }
  for (const [name, input] of Object.entries(declared)) {
    types.set(name, { input: parseValueType(input), output: parseValueType("string") });
  }
  tasks = Object.assign((reference: string) => types.get(reference), { names: () => [...types.keys()].sort() });
});

const flow = (steps: unknown[]) => ({
  name: "whole",
  input: { text: "string", n: "s32", words: "list<string>", nickname: "option<string>" },
  steps,
  output: {},
});
const slug = { id: "slug", task: "slugify", input: { text: "input.text" } };
const count = { id: "count", task: "word-count", input: "input" };

/** The issues `validateFlow` refuses `steps` with; none when it accepts them. */
function issuesOf(steps: unknown[]): Issue[] {
  try {
    validateFlow(parseFlowDefinition(flow(steps)), tasks);
    return [];
  } catch (error) {
    if (error instanceof DefinitionError) return [...error.issues];
    throw error;
  }
}

describe("accepted", () => {
  test.each([
    [
      "a step's string output into a string input",
      [slug, { id: "r", task: "rot13", after: ["slug"], input: "steps.slug.output" }],
    ],
    ["the flow input's string field into a string input", [{ id: "r", task: "rot13", input: "input.text" }]],
    ["a computed string", [{ id: "r", task: "rot13", input: "input.text + '!' + string(input.n)" }]],
    [
      "a record output into a record input of the same fields",
      [count, { id: "s", task: "score", after: ["count"], input: "steps.count.output" }],
    ],
    ["a record into a record input of fewer fields", [count]],
    ["a map literal into a record input", [{ id: "s", task: "add", input: "{'a': input.n, 'b': 2}" }]],
    ["an option into an option input", [{ id: "m", task: "maybe", input: "input.nickname" }]],
    ["a value into an option input", [{ id: "m", task: "maybe", input: "input.text" }]],
    ["a case of the enum, quoted", [{ id: "p", task: "paint", input: "'green'" }]],
    ["a list into a list input", [{ id: "t", task: "tags", input: "input.words" }]],
    ["an array literal into a list input", [{ id: "t", task: "tags", input: ["a", "b"] }]],
    ["an array literal into a tuple input", [{ id: "p", task: "pair", input: [1, "one"] }]],
    ["a number literal into a u32 input", [{ id: "r", task: "repeat", input: 3 }]],
    ["null into an option input", [{ id: "m", task: "maybe", input: null }]],
  ])("%s", (_name, steps) => {
    expect(issuesOf(steps)).toEqual([]);
  });
});

describe("refused, with the path and the message a mapped field gets", () => {
  test.each([
    [
      "an s32 into a string input",
      [{ id: "r", task: "rot13", input: "input.n" }],
      { code: "WRONG_TYPE", path: "steps.r.input", message: "has the wrong type: expected string, got s32" },
    ],
    [
      "a record lacking a field of the record input",
      [count, { id: "sum", task: "add", after: ["count"], input: "steps.count.output" }],
      {
        code: "MISSING_FIELD",
        path: "steps.sum.input.a",
        message: 'the record has no field "a": expected s32, got record{words: u32, vowels: u32}',
      },
    ],
    [
      "a record whose field has the wrong type",
      [{ id: "s", task: "score", input: "{'words': 'many', 'vowels': 'few'}" }],
      { code: "WRONG_TYPE", path: "steps.s.input.words", message: "has the wrong type: expected u32, got string" },
    ],
    [
      "an option into an input that is not one",
      [{ id: "r", task: "rot13", input: "input.nickname" }],
      {
        code: "MAYBE_ABSENT",
        path: "steps.r.input",
        message:
          "may be absent but the field is not an option (use .orValue(default) or .value()): expected string, got option<string>",
      },
    ],
    [
      "a quoted string that is no case of the enum",
      [{ id: "p", task: "paint", input: "'bleu'" }],
      { code: "UNKNOWN_CASE", path: "steps.p.input", message: "'bleu' is not a case of enum{red, green}" },
    ],
    [
      "an expression that does not parse",
      [{ id: "r", task: "rot13", input: "input.text +" }],
      {
        code: "EXPRESSION_SYNTAX",
        path: "steps.r.input",
        message: 'cannot parse "input.text +" at position 12: Unexpected token: EOF',
      },
    ],
    [
      "a number literal into a string input",
      [{ id: "r", task: "rot13", input: 3 }],
      {
        code: "LITERAL_TYPE_MISMATCH",
        path: "steps.r.input",
        message: "input does not match the declared type: 1 problem\n  - steps[0].input: expected string, got number 3",
      },
    ],
    [
      "a number literal out of the input's range",
      [{ id: "r", task: "repeat", input: -1 }],
      {
        code: "LITERAL_TYPE_MISMATCH",
        path: "steps.r.input",
        message:
          "input does not match the declared type: 1 problem\n  - steps[0].input: expected u32, got -1 (out of range)",
      },
    ],
    [
      "an array literal of the wrong length for the tuple",
      [{ id: "p", task: "pair", input: [1] }],
      {
        code: "LITERAL_TYPE_MISMATCH",
        path: "steps.p.input",
        message:
          "input does not match the declared type: 1 problem\n  - steps[0].input: expected tuple of 2 items, got an array of 1 item",
      },
    ],
    [
      "null into a record input",
      [{ id: "s", task: "score", input: null }],
      {
        code: "LITERAL_TYPE_MISMATCH",
        path: "steps.s.input",
        message: "input does not match the declared type: 1 problem\n  - steps[0].input: expected record, got null",
      },
    ],
    [
      "an object for an input that is not a record",
      [{ id: "r", task: "rot13", input: { text: "input.text" } }],
      {
        code: "STEP_INPUT_NOT_RECORD",
        path: "steps.r.input",
        message:
          'the task\'s input is string, not a record, so it cannot be filled field by field: write one expression whose value is the whole input instead, e.g. "input.text" or "steps.<id>.output"',
      },
    ],
  ])("%s", (_name, steps, expected) => {
    expect(issuesOf(steps)).toEqual([expect.objectContaining(expected)]);
  });
});

describe("the reads of a whole-input expression are checked as a mapped field's are", () => {
  test("a step not sure to have settled: its type error is folded under it", () => {
    const [issue, ...rest] = issuesOf([slug, { id: "r", task: "rot13", input: "steps.slug.output" }]);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      code: "NOT_AN_ANCESTOR",
      path: "steps.r.input",
      at: "steps[1].input",
      message:
        'step "r" reads steps.slug.output, but "slug" is not guaranteed to have finished before "r" starts; add it to after',
    });
    expect(issue?.folded?.map((folded) => [folded.code, folded.path])).toEqual([["EXPRESSION_TYPE", "steps.r.input"]]);
  });

  test("a misspelt step is answered with the one meant", () => {
    const [issue, ...rest] = issuesOf([slug, { id: "r", task: "rot13", after: ["slug"], input: "steps.slgu.output" }]);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      code: "UNKNOWN_STEP",
      path: "steps.r.input",
      message: 'reads steps.slgu.output, but no step has the id "slgu"; did you mean "slug"?',
      suggestions: ["slug"],
    });
  });

  test("a misspelt member and a misspelt field are answered with the one meant", () => {
    expect(issuesOf([slug, { id: "r", task: "rot13", after: ["slug"], input: "steps.slug.ouput" }])).toEqual([
      expect.objectContaining({ code: "UNKNOWN_STEP_MEMBER", path: "steps.r.input", suggestions: ["output"] }),
    ]);
    expect(issuesOf([{ id: "r", task: "rot13", input: "input.txt" }])).toEqual([
      expect.objectContaining({
        code: "EXPRESSION_TYPE",
        path: "steps.r.input",
        message:
          'type error in "input.txt" at position 6: input has no field "txt" (it has: text, n, words, nickname); did you mean "text"?',
      }),
    ]);
  });

  test("reading a step whose task is unknown follows from the unknown task", () => {
    const issues = issuesOf([
      { ...slug, task: "slugfy" },
      { id: "r", task: "rot13", after: ["slug"], input: "steps.slug.output" },
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "UNKNOWN_TASK", path: "steps.slug.task", suggestions: ["slugify"] });
    expect(issues[0]?.folded?.map((folded) => [folded.code, folded.path])).toEqual([
      ["EXPRESSION_TYPE", "steps.r.input"],
    ]);
  });

  test("an onError handler reads the error whole; anyone else may not", () => {
    const failing = { ...slug, onError: ["report"] };
    expect(issuesOf([failing, { id: "report", task: "rot13", input: "steps.slug.error.message" }])).toEqual([]);
    expect(issuesOf([slug, { id: "r", task: "rot13", after: ["slug"], input: "steps.slug.error.message" }])).toEqual([
      expect.objectContaining({ code: "ERROR_READ_OUTSIDE_HANDLER", path: "steps.r.input" }),
    ]);
  });
});
