import { type Issue, notRegistered, SuggestionBudget } from "../../errors/index.js";
import type { FlowDefinitionData, FlowStep } from "../definition/index.js";
import type { AnalyzeFlowOptions } from "./analyze-flow.js";
import type { Edge, EdgeKind } from "./edges.js";

/**
 * The flow as numbered nodes and edges. Only the first step of a duplicated id is a node;
 * references to unknown steps and self-references are reported and left out, so the rest of the
 * analysis runs on what remains and still finds every other problem.
 */
export interface GraphCore {
  /** Node index → step; node indexes follow definition order. */
  readonly steps: readonly FlowStep[];
  readonly ids: readonly string[];
  /** Node index → index in the definition's `steps`, for issue paths. */
  readonly stepIndex: readonly number[];
  readonly nodeOf: ReadonlyMap<string, number>;
  readonly edgesIn: readonly (readonly Edge[])[];
  readonly edgesOut: readonly (readonly Edge[])[];
  /** Distinct predecessor / successor nodes (a step may be linked to another by two edges). */
  readonly preds: readonly (readonly number[])[];
  readonly succs: readonly (readonly number[])[];
}

export function buildGraph(
  definition: FlowDefinitionData,
  tasks: AnalyzeFlowOptions,
): { core: GraphCore; issues: Issue[] } {
  const { taskExists } = tasks;
  // Listed once, and only for a flow that names an unknown task or step; unlisted when not given.
  let taskNames: readonly string[] | undefined;
  const knownTasks = () => {
    if (tasks.taskNames === undefined) return undefined;
    taskNames ??= tasks.taskNames();
    return taskNames;
  };
  const issues: Issue[] = [];
  const steps: FlowStep[] = [];
  const stepIndex: number[] = [];
  const nodeOf = new Map<string, number>();
  let stepIds: readonly string[] | undefined;
  const knownSteps = () => (stepIds ??= [...nodeOf.keys()]);
  const budget = new SuggestionBudget();
  definition.steps.forEach((step, index) => {
    const first = nodeOf.get(step.id);
    if (first !== undefined) {
      issues.push({
        code: "DUPLICATE_STEP_ID",
        path: `steps[${index}].id`,
        actual: step.id,
        message: `step id "${step.id}" is already used by steps[${stepIndex[first]}]`,
      });
      return;
    }
    nodeOf.set(step.id, steps.length);
    steps.push(step);
    stepIndex.push(index);
    if (taskExists !== undefined && !taskExists(step.task)) {
      issues.push(unknownTask(step.task, index, knownTasks(), budget));
    }
  });

  const n = steps.length;
  const edgesIn: Edge[][] = Array.from({ length: n }, () => []);
  const edgesOut: Edge[][] = Array.from({ length: n }, () => []);
  const link = (node: number, list: readonly string[], base: string, kind: EdgeKind, arm: number): void => {
    const seen = new Set<string>();
    list.forEach((ref, k) => {
      const path = `${base}[${k}]`;
      const self = steps[node] as FlowStep;
      const other = nodeOf.get(ref);
      if (seen.has(ref)) {
        issues.push({ code: "DUPLICATE_REFERENCE", path, actual: ref, message: `"${ref}" is listed twice` });
        return;
      }
      seen.add(ref);
      if (other === undefined) {
        const { names, text } = budget.suggest(ref, knownSteps(), "steps");
        issues.push({
          code: "UNKNOWN_STEP",
          path,
          actual: ref,
          message: `no step has the id "${ref}"${text === "" ? "" : `; ${text}`}`,
          ...(names.length === 0 ? {} : { suggestions: names }),
        });
      } else if (other === node) {
        issues.push({
          code: "SELF_LOOP",
          path,
          actual: ref,
          message: `step "${self.id}" ${selfLoopVerb(kind)} itself`,
        });
      } else {
        // `after` points at the step waited for; branch and onError point at the step that waits.
        const edge: Edge =
          kind === "after" ? { from: other, to: node, kind, arm, path } : { from: node, to: other, kind, arm, path };
        edgesOut[edge.from]?.push(edge);
        edgesIn[edge.to]?.push(edge);
      }
    });
  };

  steps.forEach((step, node) => {
    const base = `steps[${stepIndex[node]}]`;
    link(node, step.after, `${base}.after`, "after", -1);
    step.branch?.forEach((arm, a) => {
      const targets = "then" in arm ? arm.then : arm.else;
      link(node, targets, `${base}.branch[${a}].${"then" in arm ? "then" : "else"}`, "branch", a);
    });
    link(node, step.onError, `${base}.onError`, "onError", -1);
  });

  const distinct = (edges: readonly Edge[], end: "from" | "to"): number[] => [...new Set(edges.map((e) => e[end]))];
  return {
    core: {
      steps,
      ids: steps.map((step) => step.id),
      stepIndex,
      nodeOf,
      edgesIn,
      edgesOut,
      preds: edgesIn.map((edges) => distinct(edges, "from")),
      succs: edgesOut.map((edges) => distinct(edges, "to")),
    },
    issues,
  };
}

function unknownTask(
  reference: string,
  index: number,
  known: readonly string[] | undefined,
  budget: SuggestionBudget,
): Issue {
  const { message, suggestions } = notRegistered("task", reference, known, budget);
  return {
    code: "UNKNOWN_TASK",
    path: `steps[${index}].task`,
    actual: reference,
    message,
    ...(suggestions === undefined ? {} : { suggestions }),
  };
}

function selfLoopVerb(kind: EdgeKind): string {
  if (kind === "after") return "waits for";
  if (kind === "branch") return "branches to";
  return "handles the failure of";
}
