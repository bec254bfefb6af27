import type { Issue } from "../../errors/index.js";
import type { GraphCore } from "./build-graph.js";
import { type Condition, describeOutcome, directNeeds, mergeOutcomes, outcome } from "./conditions.js";
import type { Edge } from "./edges.js";

interface Need {
  readonly outcome: number;
  readonly by: Edge | undefined;
}

/**
 * UNSATISFIABLE_JOIN: a step whose condition and join rule need two outcomes of one step that
 * exclude each other, so it can never run — `all-succeeded` over alternative targets of one
 * branch, over a step and its own error path, or an error handler that also waits for its step
 * to succeed. Only direct needs are compared (see `directNeeds`); needs inherited through longer
 * chains are not followed.
 */
export function unsatisfiableJoins(core: GraphCore, conditions: readonly (Condition | undefined)[]): Issue[] {
  const issues: Issue[] = [];
  core.steps.forEach((step, node) => {
    const needs = new Map<number, Need>();
    for (const [source, wanted, by] of directNeeds(core, conditions, node)) {
      const earlier = needs.get(source);
      if (earlier === undefined) {
        needs.set(source, { outcome: wanted, by });
        continue;
      }
      const merged = mergeOutcomes(earlier.outcome, wanted);
      if (merged !== undefined) {
        needs.set(source, { outcome: merged, by: merged === wanted ? by : earlier.by });
        continue;
      }
      const what = `"${core.ids[source]}"`;
      issues.push({
        code: "UNSATISFIABLE_JOIN",
        path: by?.path ?? `steps[${core.stepIndex[node]}]`,
        expected: `outcomes of ${what} that can happen together`,
        actual: `${describeOutcome(earlier.outcome)} and ${describeOutcome(wanted)}`,
        message: `step "${step.id}" can never run (join ${step.join}): ${who(core, conditions, node, earlier.by)} needs ${what} to ${describeOutcome(earlier.outcome)}, but ${who(core, conditions, node, by)} needs it to ${describeOutcome(wanted)}`,
      });
      break;
    }
  });
  return issues;
}

function who(
  core: GraphCore,
  conditions: readonly (Condition | undefined)[],
  node: number,
  by: Edge | undefined,
): string {
  if (by !== undefined) return `"${core.ids[by.from]}" (in after)`;
  return conditions[node]?.outcome === outcome.failed ? "its onError link" : "its branch link";
}
