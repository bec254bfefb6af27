import { DefinitionError, type Issue } from "../errors/index.js";
import { checkEdgeTypes, type StepTaskTypes } from "./check/index.js";
import type { FlowDefinition } from "./definition/index.js";
import { analyzeFlow, type FlowGraph } from "./graph/index.js";

/** Resolves a step's task reference (`name` or `name@revision`) to its declared types. */
export type TaskTypeLookup = (reference: string) => StepTaskTypes | undefined;

/**
 * Every static check of a flow at once — graph (references, cycles, reachability, joins) and
 * types along every edge — throwing one `DefinitionError` listing all problems.
 */
export function validateFlow(definition: FlowDefinition, tasks: TaskTypeLookup, file?: string): FlowGraph {
  const analysis = analyzeFlow(definition, { taskExists: (reference) => tasks(reference) !== undefined });
  const issues: Issue[] = [...analysis.issues];
  if (analysis.graph !== undefined) issues.push(...checkEdgeTypes(definition, analysis.graph, tasks));
  if (issues.length > 0 || analysis.graph === undefined) {
    throw new DefinitionError(`flow definition "${definition.name}"`, issues, file);
  }
  return analysis.graph;
}
