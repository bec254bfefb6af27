import type { GraphCore } from "./build-graph.js";
import { type Condition, directNeeds, mergeOutcomes } from "./conditions.js";

/** Pairs compared per level before giving up and calling the level parallel. */
const pairBudget = 100_000;

/**
 * False when no two of `nodes` can run in the same run: every pair needs outcomes of some step
 * that exclude each other (targets of different arms of one branch; a step's error handler and a
 * step that needs it to succeed). Compares direct needs pairwise and stops at the first pair
 * that can run together; a level too large for the pair budget counts as parallel.
 */
export function anyCanRunTogether(
  core: GraphCore,
  conditions: readonly (Condition | undefined)[],
  nodes: readonly number[],
): boolean {
  if (nodes.length < 2) return false;
  const needs = nodes.map((node) => {
    const map = new Map<number, number>();
    for (const [source, wanted] of directNeeds(core, conditions, node)) {
      const earlier = map.get(source);
      map.set(source, earlier === undefined ? wanted : (mergeOutcomes(earlier, wanted) ?? wanted));
    }
    return map;
  });
  let budget = pairBudget;
  for (let i = 0; i < needs.length; i++) {
    for (let j = i + 1; j < needs.length; j++) {
      if (budget-- === 0 || compatible(needs[i] as Map<number, number>, needs[j] as Map<number, number>)) return true;
    }
  }
  return false;
}

function compatible(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [source, wanted] of small) {
    const other = large.get(source);
    if (other !== undefined && mergeOutcomes(other, wanted) === undefined) return false;
  }
  return true;
}
