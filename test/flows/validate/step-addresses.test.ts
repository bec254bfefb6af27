import { beforeAll, expect, test } from "vitest";
import type { TaskTypeLookup } from "../../../runtime/flows/index.js";
import { exampleTasks, refusal, scoreText, shown } from "./example-tasks.js";

let tasks: TaskTypeLookup;
beforeAll(async () => {
  tasks = await exampleTasks();
});

// Regression: issues were addressed by position (`steps[1].input.words`), which the user has to
// count out in the file and which moves whenever a step is added above.
test("an issue inside a step is addressed by the step's id, its position kept in `at`", () => {
  const error = refusal(
    scoreText((flow) => {
      (flow.steps[1] as { input: Record<string, unknown> }).input.words = "input.text";
    }),
    tasks,
  );
  expect(error.issues.map(shown)).toEqual([
    {
      path: "steps.score.input.words",
      at: "steps[1].input.words",
      message: "has the wrong type: expected u32, got string",
    },
  ]);
  expect(error.message).toBe(
    'invalid flow definition "score-text" (score-text.flow.json)\n' +
      "  - steps.score.input.words: has the wrong type: expected u32, got string",
  );
});

test("a step whose id is used twice keeps its position as its address", () => {
  const error = refusal(
    scoreText((flow) => {
      flow.steps.push({ id: "count", task: "slugify", input: { text: "'x'" } });
    }),
    tasks,
  );
  expect(error.issues.map(shown)).toEqual([
    { path: "steps[3].id", message: 'step id "count" is already used by steps[0]' },
  ]);
});

test("schema problems are addressed by step id too", () => {
  const error = refusal(
    scoreText((flow) => {
      Object.assign(flow.steps[1] as object, { retry: { maxAttempts: 0 } });
    }),
    tasks,
  );
  expect(error.issues.map(shown)).toEqual([
    {
      path: "steps.score.retry.maxAttempts",
      at: "steps[1].retry.maxAttempts",
      message: "Too small: expected number to be >=1",
    },
  ]);
});
