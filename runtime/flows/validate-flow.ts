import { DefinitionError } from "../errors/index.js";
import { checkEdgeTypes, type StepTaskTypes } from "./check/index.js";
import { addressStepsById, type FlowDefinition } from "./definition/index.js";
import { foldFollowOns } from "./follow-ons.js";
import { analyzeFlow, type FlowGraph } from "./graph/index.js";

/**
 * Resolves a step's task reference (`name` or `name@revision`) to its declared types; `names`,
 * when given, lists the registered task names, so an unknown task is answered with the closest.
 */
export interface TaskTypeLookup {
  (reference: string): StepTaskTypes | undefined;
  readonly names?: () => readonly string[];
}

/**
 * Every static check of a flow at once — graph (references, cycles, reachability, joins) and
 * types along every edge — throwing one `DefinitionError` listing all problems: each addressed
 * by step id (`steps.score.input.words`, the position in `at`), problems that follow from another
 * folded under it.
 */
export function validateFlow(definition: FlowDefinition, tasks: TaskTypeLookup, file?: string): FlowGraph {
  const analysis = analyzeFlow(definition, {
    taskExists: (reference) => tasks(reference) !== undefined,
    taskOutput: (reference) => tasks(reference)?.output,
    ...(tasks.names === undefined ? {} : { taskNames: tasks.names }),
  });
  const typeIssues = analysis.graph === undefined ? [] : checkEdgeTypes(definition, analysis.graph, tasks);
  const issues = foldFollowOns(definition, analysis.issues, typeIssues);
  if (issues.length > 0 || analysis.graph === undefined) {
    throw new DefinitionError(`flow definition "${definition.name}"`, addressStepsById(issues, definition.steps), file);
  }
  return analysis.graph;
}
