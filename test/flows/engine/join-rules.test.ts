import { describe, expect, test } from "vitest";
import type { JoinRule } from "../../../runtime/flows/definition/index.js";
import { decideJoin, type JoinDecision } from "../../../runtime/flows/engine/index.js";
import type { SettledView, StepStatus } from "../../../runtime/flows/engine/join.js";
import type { FlowEdge } from "../../../runtime/flows/graph/index.js";

const rules: readonly JoinRule[] = ["all-succeeded", "any-succeeded", "none-failed"];

const afterEdge = (from: string): FlowEdge => ({ kind: "after", from, to: "x" });
const armEdge = (from: string, index: number): FlowEdge => ({ kind: "branch", from, to: "x", arm: index });
const errorEdge = (from: string): FlowEdge => ({ kind: "onError", from, to: "x" });

/** `decideJoin` over `edges`, with each predecessor in the state `states` gives it. */
function decide(join: JoinRule, edges: readonly FlowEdge[], states: Record<string, SettledView>): JoinDecision {
  return decideJoin(join, edges, (step) => {
    const state = states[step];
    if (state === undefined) throw new Error(`decideJoin asked for "${step}", which is not a predecessor`);
    return state;
  });
}

const run: JoinDecision = { kind: "run" };
const wait: JoinDecision = { kind: "wait" };
const skip = (reason: string, failed?: string): JoinDecision =>
  failed === undefined ? { kind: "skip", reason } : { kind: "skip", reason, failed };

const succeeded: SettledView = { status: "succeeded" };
const failed: SettledView = { status: "failed" };
const skipped: SettledView = { status: "skipped" };
const took = (index: number): SettledView => ({ status: "succeeded", arm: index });

describe("one predecessor: every join rule × predecessor state × edge kind", () => {
  // [edge, predecessor state, all-succeeded, any-succeeded, none-failed]
  const table: [string, FlowEdge, SettledView, JoinDecision, JoinDecision, JoinDecision][] = [
    ["after, succeeded", afterEdge("a"), succeeded, run, run, run],
    [
      "after, failed",
      afterEdge("a"),
      failed,
      skip('"a" failed', "a"),
      skip('none of its predecessors succeeded ("a" failed)', "a"),
      skip('"a" failed', "a"),
    ],
    [
      "after, skipped",
      afterEdge("a"),
      skipped,
      skip('"a" was skipped'),
      skip('none of its predecessors succeeded ("a" was skipped)'),
      skip("all of its predecessors were skipped"),
    ],
    ["after, pending", afterEdge("a"), { status: "pending" }, wait, wait, wait],
    ["after, running", afterEdge("a"), { status: "running" }, wait, wait, wait],
    ["branch arm taken", armEdge("b", 1), took(1), run, run, run],
    [
      "branch arm not taken",
      armEdge("b", 1),
      took(0),
      skip('the branch of "b" took another arm'),
      skip('none of its predecessors succeeded (the branch of "b" took another arm)'),
      skip("all of its predecessors were skipped"),
    ],
    [
      "branch with no arm true (no else)",
      armEdge("b", 0),
      succeeded,
      skip('the branch of "b" took another arm'),
      skip('none of its predecessors succeeded (the branch of "b" took another arm)'),
      skip("all of its predecessors were skipped"),
    ],
    [
      // A failed branch source is not an `after` failure: none-failed sees the branch as not taken.
      "branch source failed",
      armEdge("b", 0),
      failed,
      skip('"b" did not succeed, so its branch was not taken'),
      skip('none of its predecessors succeeded ("b" did not succeed, so its branch was not taken)'),
      skip("all of its predecessors were skipped"),
    ],
    [
      "branch source skipped",
      armEdge("b", 0),
      skipped,
      skip('"b" did not succeed, so its branch was not taken'),
      skip('none of its predecessors succeeded ("b" did not succeed, so its branch was not taken)'),
      skip("all of its predecessors were skipped"),
    ],
    ["branch source pending", armEdge("b", 0), { status: "pending" }, wait, wait, wait],
    ["onError, source failed", errorEdge("c"), failed, run, run, run],
    [
      "onError, source succeeded",
      errorEdge("c"),
      succeeded,
      skip('"c" did not fail, so its error path was not taken'),
      skip('none of its predecessors succeeded ("c" did not fail, so its error path was not taken)'),
      skip("all of its predecessors were skipped"),
    ],
    [
      "onError, source skipped",
      errorEdge("c"),
      skipped,
      skip('"c" did not fail, so its error path was not taken'),
      skip('none of its predecessors succeeded ("c" did not fail, so its error path was not taken)'),
      skip("all of its predecessors were skipped"),
    ],
    ["onError, source running", errorEdge("c"), { status: "running" }, wait, wait, wait],
  ];

  for (const [name, edge, state, ...expected] of table) {
    rules.forEach((rule, index) => {
      test(`${name} → ${rule}: ${expected[index]?.kind}`, () => {
        expect(decide(rule, [edge], { [edge.from]: state })).toEqual(expected[index]);
      });
    });
  }
});

describe("several predecessors", () => {
  const ab = [afterEdge("a"), afterEdge("b")];

  test.each([
    ["all-succeeded", succeeded, succeeded, run],
    ["all-succeeded", succeeded, skipped, skip('"b" was skipped')],
    ["all-succeeded", failed, skipped, skip('"a" failed', "a")],
    ["all-succeeded", skipped, failed, skip('"a" was skipped', "b")],
    ["any-succeeded", failed, succeeded, run],
    ["any-succeeded", skipped, succeeded, run],
    ["any-succeeded", failed, failed, skip('none of its predecessors succeeded ("a" failed)', "a")],
    ["any-succeeded", skipped, failed, skip('none of its predecessors succeeded ("a" was skipped)', "b")],
    ["none-failed", succeeded, skipped, run],
    ["none-failed", skipped, succeeded, run],
    ["none-failed", succeeded, failed, skip('"b" failed', "b")],
    ["none-failed", failed, failed, skip('"a" failed', "a")],
  ] as const)("%s over a %o and b %o", (rule, a, b, expected) => {
    expect(decide(rule, ab, { a, b })).toEqual(expected);
  });

  test("a join over a branch's arms (if / else if / else) runs with the arm taken, whichever it is", () => {
    const arms = [armEdge("s", 0), armEdge("s", 1), armEdge("s", 2)];
    for (const taken of [0, 1, 2]) {
      expect(decide("any-succeeded", arms, { s: took(taken) })).toEqual(run);
      expect(decide("none-failed", arms, { s: took(taken) })).toEqual(run);
      expect(decide("all-succeeded", arms, { s: took(taken) })).toMatchObject({ kind: "skip" });
    }
  });

  test("a step and its error handler converging: none-failed runs on either path", () => {
    // z waits for a (after) and for h (a's onError handler): exactly one of them happens.
    const edges = [afterEdge("a"), afterEdge("h")];
    expect(decide("none-failed", edges, { a: succeeded, h: skipped })).toEqual(run);
    expect(decide("any-succeeded", edges, { a: failed, h: succeeded })).toEqual(run);
    // none-failed refuses the error path: a failed `after` predecessor is a failure.
    expect(decide("none-failed", edges, { a: failed, h: succeeded })).toEqual(skip('"a" failed', "a"));
  });

  test("mixed edge kinds: after + branch arm + onError", () => {
    const edges = [afterEdge("a"), armEdge("b", 0), errorEdge("c")];
    expect(decide("all-succeeded", edges, { a: succeeded, b: took(0), c: failed })).toEqual(run);
    expect(decide("all-succeeded", edges, { a: succeeded, b: took(0), c: succeeded })).toEqual(
      skip('"c" did not fail, so its error path was not taken'),
    );
    expect(decide("any-succeeded", edges, { a: failed, b: took(1), c: failed })).toEqual(run);
    expect(decide("none-failed", edges, { a: succeeded, b: took(1), c: succeeded })).toEqual(run);
    expect(decide("none-failed", edges, { a: failed, b: took(0), c: failed })).toEqual(skip('"a" failed', "a"));
  });
});

describe("invariants over every combination", () => {
  const settled: readonly SettledView[] = [succeeded, failed, skipped, took(0), took(1)];
  const unsettled: readonly StepStatus[] = ["pending", "running"];
  const edgeSets: readonly (readonly FlowEdge[])[] = [
    [afterEdge("a"), afterEdge("b"), afterEdge("c")],
    [afterEdge("a"), armEdge("b", 0), errorEdge("c")],
    [armEdge("a", 0), armEdge("b", 1), afterEdge("c")],
  ];
  const combos = settled.flatMap((a) => settled.flatMap((b) => settled.map((c) => ({ a, b, c }))));

  test("a skipped step never satisfies a join: all predecessors skipped → skipped, for every rule and edge kind", () => {
    for (const rule of rules) {
      for (const edges of edgeSets) {
        const decision = decide(rule, edges, { a: skipped, b: skipped, c: skipped });
        expect(decision.kind).toBe("skip");
        expect(decision).not.toHaveProperty("failed");
      }
    }
  });

  test("a join waits while any predecessor is pending or running, whatever the others did", () => {
    for (const rule of rules) {
      for (const edges of edgeSets) {
        for (const { a, b } of combos) {
          for (const status of unsettled) {
            expect(decide(rule, edges, { a, b, c: { status } })).toEqual(wait);
            expect(decide(rule, edges, { a: { status }, b, c: a })).toEqual(wait);
          }
        }
      }
    }
  });

  test("all-succeeded runs ⇒ any-succeeded and none-failed run; none-failed runs ⇒ any-succeeded runs", () => {
    for (const edges of edgeSets) {
      for (const states of combos) {
        const all = decide("all-succeeded", edges, states).kind;
        const any = decide("any-succeeded", edges, states).kind;
        const none = decide("none-failed", edges, states).kind;
        if (all === "run") expect([any, none]).toEqual(["run", "run"]);
        if (none === "run") expect(any).toBe("run");
        expect([all, any, none].every((kind) => kind === "run" || kind === "skip")).toBe(true);
      }
    }
  });

  test("a skip names a failed predecessor only when an `after` predecessor failed", () => {
    for (const rule of rules) {
      for (const edges of edgeSets) {
        for (const states of combos) {
          const decision = decide(rule, edges, states);
          if (decision.kind !== "skip") continue;
          const failedAfter = edges.filter(
            (edge) => edge.kind === "after" && states[edge.from as "a" | "b" | "c"].status === "failed",
          );
          if (decision.failed === undefined) expect(failedAfter).toEqual([]);
          else expect(decision.failed).toBe(failedAfter[0]?.from);
        }
      }
    }
  });
});

describe("a step without predecessors (a root)", () => {
  test("runs under all-succeeded", () => {
    expect(decide("all-succeeded", [], {})).toEqual(run);
  });

  // Regression: a root step declaring join any-succeeded or none-failed used to be skipped, so it
  // silently never ran. With no edge to wait for, the join has nothing to refuse: it runs.
  test.each(["any-succeeded", "none-failed"] as const)("runs under %s (no predecessor can refuse it)", (rule) => {
    expect(decide(rule, [], {})).toEqual(run);
  });
});
