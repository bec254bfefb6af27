import { expect, test } from "vitest";
import { elseArm, graphIssues, ifArm, reading, step } from "./build-flow.js";

const branchOnA = [ifArm("steps.a.output == 'x'", ["x"]), elseArm(["y"])];

test.each([
  ["two steps waiting for each other", "CYCLE", "steps[0]", [step("a", { after: ["b"] }), step("b", { after: ["a"] })]],
  [
    "a cycle through a branch",
    "CYCLE",
    "steps[0]",
    [step("a", { after: ["b"], branch: [ifArm("true", ["b"])] }), step("b")],
  ],
  ["a self-loop in after", "SELF_LOOP", "steps[0].after[0]", [step("a", { after: ["a"] })]],
  [
    "a self-loop in a branch",
    "SELF_LOOP",
    "steps[0].branch[0].then[0]",
    [step("a", { branch: [ifArm("true", ["a"])] })],
  ],
  ["a self-loop in onError", "SELF_LOOP", "steps[0].onError[0]", [step("a", { onError: ["a"] })]],
  ["an unknown step in after", "UNKNOWN_STEP", "steps[1].after[0]", [step("a"), step("b", { after: ["ghost"] })]],
  [
    "an unknown step in an else arm",
    "UNKNOWN_STEP",
    "steps[0].branch[1].else[0]",
    [step("a", { branch: [ifArm("true", ["b"]), elseArm(["ghost"])] }), step("b")],
  ],
  ["an unknown step in onError", "UNKNOWN_STEP", "steps[0].onError[0]", [step("a", { onError: ["ghost"] })]],
  ["an unknown step in an expression", "UNKNOWN_STEP", "steps[0].input.text", [reading("a", "steps.ghost.output")]],
  [
    "an unknown step in a condition",
    "UNKNOWN_STEP",
    "steps[0].branch[0].if",
    [step("a", { branch: [ifArm("steps.ghost.output", ["b"])] }), step("b")],
  ],
  ["a duplicate id", "DUPLICATE_STEP_ID", "steps[1].id", [step("a"), step("a")]],
  [
    "a step listed twice in after",
    "DUPLICATE_REFERENCE",
    "steps[1].after[1]",
    [step("a"), step("b", { after: ["a", "a"] })],
  ],
  [
    "a step behind a cycle",
    "UNREACHABLE_STEP",
    "steps[3]",
    [step("a"), step("b", { after: ["c"] }), step("c", { after: ["b"] }), step("d", { after: ["c"] })],
  ],
  [
    "a step named by two arms of one branch",
    "BRANCH_TARGET_CONFLICT",
    "steps[0].branch[1].then[0]",
    [step("a", { branch: [ifArm("true", ["x"]), ifArm("false", ["x"])] }), step("x")],
  ],
  [
    "a step named by two branches",
    "BRANCH_TARGET_CONFLICT",
    "steps[1].branch[0].then[0]",
    [step("a", { branch: [ifArm("true", ["x"])] }), step("b", { branch: [ifArm("true", ["x"])] }), step("x")],
  ],
  [
    "a step named by a branch and an onError list",
    "ONERROR_TARGET_CONFLICT",
    "steps[0].onError[0]",
    [step("a", { branch: [ifArm("true", ["x"])], onError: ["x"] }), step("x")],
  ],
  [
    "a step named by two onError lists",
    "ONERROR_TARGET_CONFLICT",
    "steps[1].onError[0]",
    [step("a", { onError: ["h"] }), step("b", { onError: ["h"] }), step("h")],
  ],
  [
    "all-succeeded over both arms of one branch",
    "UNSATISFIABLE_JOIN",
    "steps[3].after[1]",
    [step("a", { branch: branchOnA }), step("x"), step("y"), step("z", { after: ["x", "y"] })],
  ],
  [
    "an error handler waiting for its step to succeed",
    "UNSATISFIABLE_JOIN",
    "steps[1].after[0]",
    [step("a", { onError: ["h"] }), step("h", { after: ["a"] })],
  ],
  [
    "all-succeeded over a step and its error handler",
    "UNSATISFIABLE_JOIN",
    "steps[2].after[1]",
    [step("a", { onError: ["h"] }), step("h"), step("z", { after: ["a", "h"] })],
  ],
  [
    "a branch target waiting for a target of another arm",
    "UNSATISFIABLE_JOIN",
    "steps[2].after[0]",
    [step("a", { branch: branchOnA }), step("x"), step("y", { after: ["x"] })],
  ],
  [
    "reading a step that runs in parallel",
    "NOT_AN_ANCESTOR",
    "steps[1].input.text",
    [step("a"), reading("b", "steps.a.output")],
  ],
  [
    "reading a later step",
    "NOT_AN_ANCESTOR",
    "steps[0].input.text",
    [reading("a", "steps.b.output"), step("b", { after: ["a"] })],
  ],
  [
    "reading the target of another arm",
    "NOT_AN_ANCESTOR",
    "steps[2].input.text",
    [step("a", { branch: branchOnA }), step("x"), reading("y", "steps.x.output")],
  ],
  ["reading its own output in its input", "NOT_AN_ANCESTOR", "steps[0].input.text", [reading("a", "steps.a.output")]],
  [
    "reading an error outside an error handler",
    "ERROR_READ_OUTSIDE_HANDLER",
    "steps[1].input.text",
    [step("a"), reading("b", "steps.a.error.message", { after: ["a"] })],
  ],
  [
    "an error handler reading the output of the failed step",
    "OUTPUT_OF_FAILED_STEP",
    "steps[1].input.text",
    [step("a", { onError: ["h"] }), reading("h", "steps.a.output")],
  ],
  [
    "reading a member a step does not have",
    "UNKNOWN_STEP_MEMBER",
    "steps[1].input.text",
    [step("a"), reading("b", "steps.a.outptu", { after: ["a"] })],
  ],
])("%s → %s at %s", (_name, code, path, steps) => {
  expect(graphIssues(steps)).toContainEqual({ code, path });
});

test("an unknown task is reported when a lookup is given", () => {
  const known = new Set(["slugify", "word-count@2"]);
  const steps = [step("a"), step("b", { task: "word-count@3" })];
  expect(graphIssues(steps, { taskExists: (reference) => known.has(reference) })).toEqual([
    { code: "UNKNOWN_TASK", path: "steps[1].task" },
  ]);
  expect(graphIssues(steps)).toEqual([]);
});
