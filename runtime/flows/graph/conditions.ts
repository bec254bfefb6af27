import type { Issue } from "../../errors/index.js";
import type { FlowStep } from "../definition/index.js";
import type { GraphCore } from "./build-graph.js";
import type { Edge } from "./edges.js";

/**
 * An outcome one step can need of another: an arm index (≥ 0: it succeeded and its branch took
 * that arm) or one of these.
 */
export const outcome = { succeeded: -1, failed: -2, notFailed: -3 } as const;

/** The one branch arm or onError list that names a step: it runs only when that outcome happens. */
export interface Condition {
  readonly source: number;
  /** The arm's index, or `outcome.failed` for an onError link. */
  readonly outcome: number;
}

/**
 * Gives each step at most one condition. A step named by two arms (of one branch or two) or by
 * an onError list and anything else would need two outcomes at once, or an undefined rule for
 * combining them: BRANCH_TARGET_CONFLICT / ONERROR_TARGET_CONFLICT.
 */
export function stepConditions(core: GraphCore): { conditions: (Condition | undefined)[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const conditions = core.edgesIn.map((edges, node): Condition | undefined => {
    let first: Edge | undefined;
    for (const edge of edges) {
      if (edge.kind === "after") continue;
      if (first === undefined) {
        first = edge;
        continue;
      }
      const onError = edge.kind === "onError" || first.kind === "onError";
      issues.push({
        code: onError ? "ONERROR_TARGET_CONFLICT" : "BRANCH_TARGET_CONFLICT",
        path: edge.path,
        actual: core.ids[node] as string,
        message: `step "${core.ids[node]}" is already ${linkText(core, first)}; a step can be the target of one branch arm or one onError list only`,
      });
    }
    if (first === undefined) return undefined;
    return { source: first.from, outcome: first.kind === "onError" ? outcome.failed : first.arm };
  });
  return { conditions, issues };
}

/**
 * The outcomes a step needs of other steps before it can run, from direct links only: its own
 * condition, and per `after` step — under all-succeeded, that step succeeded and its own
 * condition held; under none-failed, that it did not fail; any-succeeded needs no single one.
 * Yields [source, outcome, the after edge or undefined for the step's own condition].
 */
export function* directNeeds(
  core: GraphCore,
  conditions: readonly (Condition | undefined)[],
  node: number,
): Generator<[number, number, Edge | undefined]> {
  const own = conditions[node];
  if (own !== undefined) yield [own.source, own.outcome, undefined];
  const step = core.steps[node] as FlowStep;
  for (const edge of core.edgesIn[node] ?? []) {
    if (edge.kind !== "after") continue;
    if (step.join === "none-failed") {
      yield [edge.from, outcome.notFailed, edge];
    } else if (step.join === "all-succeeded") {
      yield [edge.from, outcome.succeeded, edge];
      const condition = conditions[edge.from];
      if (condition !== undefined) yield [condition.source, condition.outcome, edge];
    }
  }
}

/**
 * Merges outcome `b` into `a` (both needed of one step): the more specific of the two (an arm
 * over succeeded over not-failed), or undefined when they cannot both happen.
 */
export function mergeOutcomes(a: number, b: number): number | undefined {
  if (a === b) return a;
  if (a === outcome.failed || b === outcome.failed) return undefined;
  if (a < 0 || b < 0) return Math.max(a, b);
  return undefined;
}

export function describeOutcome(value: number): string {
  if (value === outcome.succeeded) return "succeed";
  if (value === outcome.failed) return "fail";
  if (value === outcome.notFailed) return "not fail";
  return `take branch arm ${value}`;
}

function linkText(core: GraphCore, edge: Edge): string {
  const source = core.ids[edge.from];
  return edge.kind === "onError" ? `the error path of "${source}"` : `a target of arm ${edge.arm} of "${source}"`;
}
