import { expect, test } from "vitest";
import { elseArm, graphIssues, ifArm, reading, step } from "./build-flow.js";

const branchOnA = [ifArm("steps.a.output == 'x'", ["x"]), elseArm(["y"])];

test.each([
  ["one step", [step("a")]],
  ["independent steps", [step("a"), step("b"), step("c")]],
  [
    "reading an ancestor through others",
    [step("a"), step("b", { after: ["a"] }), reading("c", "steps.a.output", { after: ["b"] })],
  ],
  [
    "none-failed over both arms of a branch",
    [step("a", { branch: branchOnA }), step("x"), step("y"), step("z", { after: ["x", "y"], join: "none-failed" })],
  ],
  [
    "any-succeeded over both arms of a branch",
    [step("a", { branch: branchOnA }), step("x"), step("y"), step("z", { after: ["x", "y"], join: "any-succeeded" })],
  ],
  [
    "a branch target that also lists its source in after",
    [step("a", { branch: [ifArm("true", ["b"])] }), step("b", { after: ["a"] })],
  ],
  ["a condition reading its own step", [step("a", { branch: [ifArm("steps.a.output != ''", ["b"])] }), step("b")]],
  [
    "a branch target reading the branching step",
    [step("a", { branch: [ifArm("true", ["b"])] }), reading("b", "steps.a.output")],
  ],
  ["an error handler reading the error", [step("a", { onError: ["h"] }), reading("h", "steps.a.error.message")]],
  ["a quoted step reference", [reading("a", "'steps.ghost.output' + \"steps.b.output\"")]],
  ["a reference in a comment", [reading("a", "input.text // steps.ghost.output")]],
  ["a member named steps", [reading("a", "input.steps.ghost")]],
  ["names of object machinery as ids", [step("tostring"), step("hasownproperty", { after: ["tostring"] })]],
  ["a branch whose arms have no targets", [step("a", { branch: [ifArm("true", []), elseArm([])] })]],
])("%s has no issues", (_name, steps) => {
  expect(graphIssues(steps)).toEqual([]);
});

test("object machinery in a reference is an unknown step, not a property lookup", () => {
  expect(graphIssues([reading("a", "steps.__proto__.output + steps.constructor.output")])).toEqual([
    { code: "UNKNOWN_STEP", path: "steps[0].input.text" },
    { code: "UNKNOWN_STEP", path: "steps[0].input.text" },
  ]);
});
