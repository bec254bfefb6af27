import { beforeAll, expect, test } from "vitest";
import type { TaskTypeLookup } from "../../../runtime/flows/index.js";
import { parseTaskDefinition } from "../../../runtime/tasks/index.js";
import { exampleTasks, refusal, scoreText, shown } from "./example-tasks.js";

let tasks: TaskTypeLookup;
beforeAll(async () => {
  tasks = await exampleTasks();
});

// Regressions: an unknown name was refused without the name that was meant.
test.each([
  [
    "a misspelt top-level key",
    (flow: Record<string, unknown>) => {
      flow.ouput = flow.output;
      delete flow.output;
    },
    [
      { path: "output", message: "Invalid input: expected record, received undefined" },
      { path: "(root)", message: 'Unrecognized key: "ouput"; did you mean "output"?' },
    ],
  ],
  [
    "a misspelt key of a step's retry",
    (flow: Record<string, unknown>) => {
      Object.assign((flow.steps as object[])[1] as object, { retry: { maxAttemps: 3 } });
    },
    [
      {
        path: "steps.score.retry",
        at: "steps[1].retry",
        message: 'Unrecognized key: "maxAttemps"; did you mean "maxAttempts"?',
      },
    ],
  ],
  [
    "a misspelt type name in the flow input",
    (flow: Record<string, unknown>) => {
      flow.input = { text: "strng" };
    },
    [{ path: "input.text", message: 'unknown type "strng"; did you mean "string"?' }],
  ],
  [
    "a misspelt type name inside a type text",
    (flow: Record<string, unknown>) => {
      flow.input = { text: "string", tags: "list<strng>" };
    },
    [{ path: "input.tags", message: 'unknown type "strng" at position 5 of "list<strng>"; did you mean "string"?' }],
  ],
  [
    "a misspelt field of a step's output",
    (flow: Record<string, unknown>) => {
      ((flow.steps as { input: Record<string, unknown> }[])[1] as { input: Record<string, unknown> }).input.words =
        "steps.count.output.wrods";
    },
    [
      {
        path: "steps.score.input.words",
        at: "steps[1].input.words",
        message:
          'type error in "steps.count.output.wrods" at position 19: steps.count.output has no field "wrods" (it has: words, vowels); did you mean "words"?',
      },
    ],
  ],
])("%s", (_name, change, expected) => {
  const flow = scoreText() as unknown as Record<string, unknown>;
  change(flow);
  expect(refusal(flow, tasks).issues.map(shown)).toEqual(expected);
});

test("an unknown task with nothing close lists the registered ones", () => {
  const flow = scoreText((f) => {
    (f.steps[2] as { task: string }).task = "nosuch";
  });
  expect(refusal(flow, tasks).issues.map(shown)).toEqual([
    {
      path: "steps.slug.task",
      at: "steps[2].task",
      message: 'task "nosuch" is not registered; the nearest known tasks: rot13, add, fib, flaky, profile (11 in all)',
    },
  ]);
});

test("an unknown revision of a known task says so", () => {
  const flow = scoreText((f) => {
    (f.steps[2] as { task: string }).task = "slugify@9";
  });
  expect(refusal(flow, tasks).issues.map(shown)).toEqual([
    {
      path: "steps.slug.task",
      at: "steps[2].task",
      message: 'task "slugify@9" is not registered: "slugify" has no revision 9',
    },
  ]);
});

test("a task definition's misspelt key and type name are answered with the closest", () => {
  const definition = {
    name: "demo",
    abi: "sdk",
    module: "demo.wasm",
    input: { text: "string" },
    output: { count: "u23" },
    limts: { timeoutMs: 10 },
  };
  const issues = (() => {
    try {
      parseTaskDefinition(definition);
    } catch (error) {
      return (error as { issues: { path: string; message: string }[] }).issues;
    }
    throw new Error("accepted");
  })();
  expect(issues).toEqual([
    expect.objectContaining({ path: "(root)", message: 'Unrecognized key: "limts"; did you mean "limits"?' }),
  ]);
  delete (definition as { limts?: unknown }).limts;
  expect(() => parseTaskDefinition(definition)).toThrow(
    'invalid task definition "demo"\n  - output.count: unknown type "u23"; did you mean "u32"?',
  );
});
