import { beforeAll, expect, test } from "vitest";
import type { TaskTypeLookup } from "../../../runtime/flows/index.js";
import { exampleTasks, refusal, type ScoreText, scoreText, shown } from "./example-tasks.js";

let tasks: TaskTypeLookup;
beforeAll(async () => {
  tasks = await exampleTasks();
});

const step = (flow: ScoreText, id: string) => flow.steps.find((s) => s.id === id) as ScoreText["steps"][number];

// Regressions: each of these one-character mistakes was reported as two to five problems, the
// cause among its consequences, with no hint of the name that was meant.
test.each([
  [
    "a misspelt task: what reads the step follows from it",
    (flow: ScoreText) => {
      step(flow, "count").task = "word-cuont";
    },
    {
      path: "steps.count.task",
      at: "steps[0].task",
      message: 'task "word-cuont" is not registered; did you mean "word-count"?',
      folded: 3,
    },
  ],
  [
    "a misspelt step in after: the reads of the step it meant follow from it",
    (flow: ScoreText) => {
      step(flow, "score").after = ["cuont"];
    },
    {
      path: "steps.score.after[0]",
      at: "steps[1].after[0]",
      message: 'no step has the id "cuont"; did you mean "count"?',
      folded: 4,
    },
  ],
  [
    "a misspelt step in an expression: its type error is the same problem",
    (flow: ScoreText) => {
      step(flow, "score").input.words = "steps.cuont.output.words";
    },
    {
      path: "steps.score.input.words",
      at: "steps[1].input.words",
      message: 'reads steps.cuont.output, but no step has the id "cuont"; did you mean "count"?',
      folded: 1,
    },
  ],
  [
    "a misspelt member of a step",
    (flow: ScoreText) => {
      step(flow, "score").input.words = "steps.count.ouput.words";
    },
    {
      path: "steps.score.input.words",
      at: "steps[1].input.words",
      message: 'reads steps.count.ouput, but a step offers only .output and .error; did you mean "output"?',
      folded: 1,
    },
  ],
  [
    "a misspelt input field: the field it meant is not reported missing",
    (flow: ScoreText) => {
      const { input } = step(flow, "score");
      input.wrods = input.words;
      delete input.words;
    },
    {
      path: "steps.score.input.wrods",
      at: "steps[1].input.wrods",
      message: 'the task\'s input has no field "wrods"; did you mean "words"?',
      folded: 1,
    },
  ],
])("%s", (_name, change, expected) => {
  expect(refusal(scoreText(change), tasks).issues.map(shown)).toEqual([expected]);
});

test("the text lists the cause and says how many problems were folded under it", () => {
  const error = refusal(
    scoreText((flow) => {
      step(flow, "count").task = "word-cuont";
    }),
    tasks,
  );
  expect(error.message).toBe(
    'invalid flow definition "score-text" (score-text.flow.json)\n' +
      '  - steps.count.task: task "word-cuont" is not registered; did you mean "word-count"? (3 follow-on problems folded)',
  );
  // They stay in the issue, addressed like the rest, for whoever wants them.
  expect(error.issues[0]?.folded?.map((issue) => issue.path)).toEqual([
    "steps.score.input.words",
    "steps.score.input.vowels",
    "output.words",
  ]);
});

test("a problem that does not follow from another is listed beside it", () => {
  const error = refusal(
    scoreText((flow) => {
      step(flow, "count").task = "word-cuont";
      step(flow, "slug").input.text = "input.txt";
    }),
    tasks,
  );
  expect(error.issues.map(shown)).toEqual([
    {
      path: "steps.count.task",
      at: "steps[0].task",
      message: 'task "word-cuont" is not registered; did you mean "word-count"?',
      folded: 3,
    },
    {
      path: "steps.slug.input.text",
      at: "steps[2].input.text",
      message: 'type error in "input.txt" at position 6: input has no field "txt" (it has: text); did you mean "text"?',
    },
  ]);
});

test("a syntax error is never folded: it is wrong whatever else is", () => {
  const error = refusal(
    scoreText((flow) => {
      step(flow, "count").task = "word-cuont";
      step(flow, "score").input.words = "steps.count.output.words +";
    }),
    tasks,
  );
  expect(error.issues.map((issue) => [issue.code, issue.path])).toEqual([
    ["UNKNOWN_TASK", "steps.count.task"],
    ["EXPRESSION_SYNTAX", "steps.score.input.words"],
  ]);
});
