import type { Issue } from "../../errors/index.js";
import type { GraphCore } from "./build-graph.js";

/**
 * Roots and reachability, on the graph of known references:
 * - a **root** is a step nothing leads to: its `after` names no other known step and no branch
 *   arm or onError list names it. Roots start when the run starts.
 * - a step is **reachable** when it is a root or an edge (after, branch, onError) leads to it
 *   from a reachable step — found by a breadth-first walk from the roots.
 * In an acyclic graph every step is reachable (walking predecessors back always ends at a root),
 * so a step is unreachable exactly when every way to it comes through a cycle. Steps on the
 * cycle get CYCLE; the steps behind it get UNREACHABLE_STEP. Unknown references and
 * self-references are reported on their own and do not make a step unreachable.
 */
export function findRoots(core: GraphCore): number[] {
  const roots: number[] = [];
  core.preds.forEach((preds, node) => {
    if (preds.length === 0) roots.push(node);
  });
  return roots;
}

export function unreachableSteps(core: GraphCore, roots: readonly number[], onCycle: Uint8Array): Issue[] {
  const reached = new Uint8Array(core.ids.length);
  const queue = [...roots];
  for (const root of roots) reached[root] = 1;
  for (let head = 0; head < queue.length; head++) {
    for (const succ of core.succs[queue[head] as number] ?? []) {
      if (reached[succ] === 1) continue;
      reached[succ] = 1;
      queue.push(succ);
    }
  }
  const issues: Issue[] = [];
  reached.forEach((isReached, node) => {
    if (isReached === 1 || onCycle[node] === 1) return;
    issues.push({
      code: "UNREACHABLE_STEP",
      path: `steps[${core.stepIndex[node]}]`,
      actual: core.ids[node] as string,
      message: `step "${core.ids[node]}" can never start: every way to it passes through a cycle`,
    });
  });
  return issues;
}
