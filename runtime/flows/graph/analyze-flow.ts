import { DefinitionError, type Issue } from "../../errors/index.js";
import type { ValueType } from "../../values/index.js";
import type { FlowDefinitionData } from "../definition/index.js";
import { AncestorSets } from "./ancestors.js";
import { buildGraph } from "./build-graph.js";
import { stepConditions } from "./conditions.js";
import { findCycles } from "./cycles.js";
import { checkExpressionReads } from "./expression-reads.js";
import { FlowGraph } from "./flow-graph.js";
import { unsatisfiableJoins } from "./joins.js";
import { topologicalOrder } from "./order.js";
import { findRoots, unreachableSteps } from "./reachability.js";
import { stepOutputTypes } from "./reported-edges.js";

export interface AnalyzeFlowOptions {
  /** Looks a step's task reference up (`name` or `name@revision`); a false answer is UNKNOWN_TASK. Unchecked when absent. */
  readonly taskExists?: (reference: string) => boolean;
  /** The registered task names: an unknown task is answered with the closest of them. */
  readonly taskNames?: () => readonly string[];
  /**
   * A task reference's declared output type: given, the graph's report says what type each edge
   * carries; an undefined answer leaves that step's outgoing edges untyped.
   */
  readonly taskOutput?: (reference: string) => ValueType | undefined;
}

/**
 * The outcome of `analyzeFlow`. An invalid flow still carries its graph when the graph is acyclic
 * (built from the references that resolve), so later checks can run on it and report with the rest.
 */
export type FlowAnalysis =
  | { readonly status: "valid"; readonly graph: FlowGraph; readonly issues: readonly Issue[] }
  | { readonly status: "invalid"; readonly graph: FlowGraph | undefined; readonly issues: readonly Issue[] };

/**
 * Checks a flow's graph and reports every problem at once: duplicate ids, unknown task and step
 * references (in after, branch, onError and expressions), self-loops, cycles with their path,
 * unreachable steps, steps targeted twice, joins that can never be satisfied, and expressions
 * reading steps that are not guaranteed to have finished. Every walk is iterative: a 10 000-step
 * chain or fan-out is analysed without recursion. Expressions are not parsed here; the steps they
 * read are found by `stepReferences`.
 */
export function analyzeFlow(definition: FlowDefinitionData, options: AnalyzeFlowOptions = {}): FlowAnalysis {
  const { core, issues } = buildGraph(definition, options);
  const { conditions, issues: conditionIssues } = stepConditions(core);
  issues.push(...conditionIssues);

  const { order, level, complete } = topologicalOrder(core);
  const ordered = new Uint8Array(core.ids.length);
  for (const node of order) ordered[node] = 1;
  if (!complete) {
    const unordered = core.ids.flatMap((_, node) => (ordered[node] === 1 ? [] : [node]));
    const cycles = findCycles(core, unordered);
    issues.push(...cycles.issues, ...unreachableSteps(core, findRoots(core), cycles.onCycle));
  }
  issues.push(...unsatisfiableJoins(core, conditions));

  const ancestors = new AncestorSets(core, order);
  issues.push(...checkExpressionReads(definition, core, conditions, ancestors, ordered));

  const outputs = options.taskOutput === undefined ? undefined : stepOutputTypes(core, options.taskOutput);
  const graph = complete ? new FlowGraph(core, order, level, conditions, ancestors, outputs) : undefined;
  if (issues.length === 0 && graph !== undefined) return { status: "valid", graph, issues };
  return { status: "invalid", graph, issues };
}

/** `analyzeFlow`, throwing every issue as one `DefinitionError` unless the flow is valid. */
export function requireValidFlow(
  definition: FlowDefinitionData,
  options: AnalyzeFlowOptions = {},
  file?: string,
): FlowGraph {
  const analysis = analyzeFlow(definition, options);
  if (analysis.status === "invalid") throw new DefinitionError(`flow "${definition.name}"`, analysis.issues, file);
  return analysis.graph;
}
