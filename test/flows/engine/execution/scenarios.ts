import type { JoinRule } from "../../../../runtime/flows/definition/index.js";
import { ifArm } from "../harness.js";
import type { Scenario } from "./harness.js";

export const rules: readonly JoinRule[] = ["all-succeeded", "any-succeeded", "none-failed"];

/** What happens to b, the second predecessor of the join j (a always succeeds). */
export type Case = "succeeds" | "succeeds on retry" | "fails" | "is on an arm not taken" | "is cancelled mid-call";

export function joinScenario(rule: JoinRule, b: Case): Scenario {
  const join = { id: "j", after: ["a", "b"], join: rule, input: { n: 1 } };
  const a = { id: "a", input: { n: "input.n" } };
  const retry = { maxAttempts: 2, retryOn: ["TASK_FAILED"], initialDelayMs: 1, maxDelayMs: 1 };
  switch (b) {
    case "succeeds":
      return { steps: [a, { id: "b", input: { n: "input.n" } }, join] };
    case "succeeds on retry":
      return { steps: [a, { id: "b", input: { n: "input.n" }, retry }, join], script: { b: ["fail", "ok"] } };
    case "fails":
      return { steps: [a, { id: "b", input: { n: "input.n" } }, join], script: { b: ["fail"] } };
    case "is on an arm not taken":
      return {
        steps: [
          a,
          {
            id: "s",
            input: { n: "input.n" },
            branch: [ifArm("steps.s.output.n > 100", ["b"]), { else: ["c"] }],
          },
          { id: "b", input: { n: "1" } },
          { id: "c", input: { n: "1" } },
          join,
        ],
      };
    case "is cancelled mid-call":
      return {
        steps: [a, { id: "b", input: { n: "input.n" } }, join],
        script: { b: ["hang"] },
        cancelOn: { type: "step-started", step: "b" },
      };
  }
}
