import { expect, test } from "vitest";
import type { Issue } from "../../../runtime/errors/index.js";
import { analyzeFlow, requireValidFlow } from "../../../runtime/flows/graph/index.js";
import { elseArm, flowOf, ifArm, reading, step } from "./build-flow.js";

function issuesOf(...steps: Parameters<typeof flowOf>[0]): readonly Issue[] {
  return analyzeFlow(flowOf(steps)).issues;
}

test("a cycle is reported once, with its path", () => {
  const issues = issuesOf(step("a", { after: ["c"] }), step("b", { after: ["a"] }), step("c", { after: ["b"] }));
  expect(issues).toEqual([expect.objectContaining({ code: "CYCLE", path: "steps[0]", actual: "a -> b -> c -> a" })]);
  expect(issues[0]?.message).toContain("a -> b -> c -> a");
});

test("two separate cycles are two issues", () => {
  const issues = issuesOf(
    step("a", { after: ["b"] }),
    step("b", { after: ["a"] }),
    step("c", { after: ["d"] }),
    step("d", { after: ["c"] }),
  );
  expect(issues.map((issue) => issue.actual)).toEqual(["a -> b -> a", "c -> d -> c"]);
});

test("an unsatisfiable join names the branch and both arms", () => {
  const [issue] = issuesOf(
    step("a", { branch: [ifArm("true", ["x"]), elseArm(["y"])] }),
    step("x"),
    step("y"),
    step("z", { after: ["x", "y"] }),
  );
  expect(issue?.message).toBe(
    'step "z" can never run (join all-succeeded): "x" (in after) needs "a" to take branch arm 0, but "y" (in after) needs it to take branch arm 1',
  );
});

test("a read of a step that may not have finished says how to fix it", () => {
  const [issue] = issuesOf(step("a"), reading("b", "steps.a.output"));
  expect(issue?.message).toContain('"a" is not guaranteed to have finished before "b" starts');
});

test("several problems of one flow come back together", () => {
  const codes = issuesOf(
    step("a", { after: ["ghost"] }),
    step("a"),
    step("b", { after: ["b"] }),
    step("c", { after: ["d"] }),
    step("d", { after: ["c"] }),
    step("e", { after: ["d"] }),
    reading("f", "steps.a.output"),
    step("g", { branch: [ifArm("true", ["h"]), elseArm(["h"])] }),
    step("h"),
  ).map((issue) => `${issue.code} ${issue.path}`);
  expect(codes).toEqual(
    expect.arrayContaining([
      "UNKNOWN_STEP steps[0].after[0]",
      "DUPLICATE_STEP_ID steps[1].id",
      "SELF_LOOP steps[2].after[0]",
      "CYCLE steps[3]",
      "UNREACHABLE_STEP steps[5]",
      "NOT_AN_ANCESTOR steps[6].input.text",
      "BRANCH_TARGET_CONFLICT steps[7].branch[1].else[0]",
    ]),
  );
  expect(codes).toHaveLength(7);
});

test("an invalid flow without a cycle still carries its graph; a cyclic one does not", () => {
  const unknown = analyzeFlow(flowOf([step("a", { after: ["ghost"] }), step("b", { after: ["a"] })]));
  expect(unknown.status).toBe("invalid");
  expect(unknown.graph?.order).toEqual(["a", "b"]);
  const cyclic = analyzeFlow(flowOf([step("a", { after: ["b"] }), step("b", { after: ["a"] })]));
  expect(cyclic.graph).toBeUndefined();
});

test("requireValidFlow throws every issue as one DefinitionError", () => {
  expect(() => requireValidFlow(flowOf([step("a", { after: ["a"] })]), {}, "x.flow.json")).toThrow(
    expect.objectContaining({
      code: "DEFINITION_INVALID",
      file: "x.flow.json",
      issues: [expect.objectContaining({ code: "SELF_LOOP" })],
    }),
  );
  expect(requireValidFlow(flowOf([step("a")])).roots).toEqual(["a"]);
});

test("the flow output may read any step, but not an unknown one", () => {
  const flow = flowOf([step("a"), step("b")], { output: { x: "steps.b.output", y: "steps.ghost.output" } });
  expect(analyzeFlow(flow).issues).toEqual([expect.objectContaining({ code: "UNKNOWN_STEP", path: "output.y" })]);
});
