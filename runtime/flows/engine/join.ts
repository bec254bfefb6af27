import type { JoinRule } from "../definition/index.js";
import type { FlowEdge } from "../graph/index.js";

/** `cancelled` only ends a run that was cancelled, which no join outlives: it satisfies no edge. */
export type StepStatus = "pending" | "running" | "succeeded" | "failed" | "skipped" | "cancelled";

/** What the join needs of a predecessor: how it ended, and the branch arm it took. */
export interface SettledView {
  readonly status: StepStatus;
  readonly arm?: number | undefined;
}

export type JoinDecision =
  | { readonly kind: "wait" }
  | { readonly kind: "run" }
  /** `failed` names a predecessor whose failure left this step unable to run. */
  | { readonly kind: "skip"; readonly reason: string; readonly failed?: string };

type EdgeOutcome = { readonly ok: true } | { readonly ok: false; readonly failed: boolean; readonly reason: string };

/**
 * Whether a step runs, once every step it waits for has settled. Each incoming edge is satisfied
 * or not:
 * - `after x`: satisfied when x succeeded; x failed → a failure, x skipped → not satisfied;
 * - a branch arm of x: satisfied when x succeeded and took that arm;
 * - `onError` of x: satisfied when x failed (after its retries).
 * Then the join rule: `all-succeeded` runs when every edge is satisfied; `any-succeeded` when at
 * least one is; `none-failed` when at least one is and no `after` predecessor failed. A skipped
 * predecessor never satisfies an edge, so a step whose predecessors were all skipped is skipped
 * too — skips propagate, and a join never waits for a branch that was not taken.
 */
export function decideJoin(
  join: JoinRule,
  edgesIn: readonly FlowEdge[],
  stateOf: (step: string) => SettledView,
): JoinDecision {
  // A step nothing leads to starts the run, whatever its join rule says about predecessors.
  if (edgesIn.length === 0) return { kind: "run" };
  const outcomes: EdgeOutcome[] = [];
  let failed: string | undefined;
  for (const edge of edgesIn) {
    const from = stateOf(edge.from);
    if (from.status === "pending" || from.status === "running") return { kind: "wait" };
    const outcome = edgeOutcome(edge, from);
    if (!outcome.ok && outcome.failed) failed ??= edge.from;
    outcomes.push(outcome);
  }
  const satisfied = outcomes.filter((o) => o.ok).length;
  const firstUnmet = outcomes.find((o): o is Extract<EdgeOutcome, { ok: false }> => !o.ok);
  const skip = (reason: string): JoinDecision =>
    failed === undefined ? { kind: "skip", reason } : { kind: "skip", reason, failed };
  switch (join) {
    case "all-succeeded":
      return firstUnmet === undefined ? { kind: "run" } : skip(firstUnmet.reason);
    case "any-succeeded":
      return satisfied > 0 ? { kind: "run" } : skip(`none of its predecessors succeeded (${firstUnmet?.reason})`);
    case "none-failed":
      if (failed !== undefined) return skip(`"${failed}" failed`);
      return satisfied > 0 ? { kind: "run" } : skip(`all of its predecessors were skipped`);
  }
}

function edgeOutcome(edge: FlowEdge, from: SettledView): EdgeOutcome {
  switch (edge.kind) {
    case "after":
      if (from.status === "succeeded") return { ok: true };
      if (from.status === "failed") return { ok: false, failed: true, reason: `"${edge.from}" failed` };
      return { ok: false, failed: false, reason: `"${edge.from}" was ${from.status}` };
    case "branch":
      if (from.status === "succeeded" && from.arm === edge.arm) return { ok: true };
      return {
        ok: false,
        failed: false,
        reason:
          from.status === "succeeded"
            ? `the branch of "${edge.from}" took another arm`
            : `"${edge.from}" did not succeed, so its branch was not taken`,
      };
    case "onError":
      return from.status === "failed"
        ? { ok: true }
        : { ok: false, failed: false, reason: `"${edge.from}" did not fail, so its error path was not taken` };
  }
}
