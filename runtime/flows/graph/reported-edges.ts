import { formatValueType, type ValueType } from "../../values/index.js";
import { stepErrorType } from "../expressions/index.js";
import type { GraphCore } from "./build-graph.js";
import type { ReportedEdge } from "./edges.js";

/** Node index → the declared output type of the task its step runs; undefined where unknown. */
export type StepOutputTypes = readonly (ValueType | undefined)[];

/**
 * Each step's task output type, looked up once per distinct task reference: a 2 000-step flow
 * calling a handful of tasks asks the registry a handful of times.
 */
export function stepOutputTypes(
  core: GraphCore,
  taskOutput: (reference: string) => ValueType | undefined,
): StepOutputTypes {
  const byTask = new Map<string, ValueType | undefined>();
  return core.steps.map((step) => {
    if (!byTask.has(step.task)) byTask.set(step.task, taskOutput(step.task));
    return byTask.get(step.task);
  });
}

/**
 * Every edge, grouped by upstream step in definition order, with the arm's condition and the type
 * it carries when known. An `after` that repeats a branch or onError link stays listed: the
 * report is the definition's references, not a drawing.
 */
export function reportedEdges(core: GraphCore, outputs: StepOutputTypes | undefined): ReportedEdge[] {
  const texts = new Map<ValueType, string>();
  const text = (type: ValueType): string => {
    let known = texts.get(type);
    if (known === undefined) {
      known = formatValueType(type);
      texts.set(type, known);
    }
    return known;
  };
  const edges: ReportedEdge[] = [];
  for (const out of core.edgesOut) {
    for (const edge of out) {
      const from = core.ids[edge.from] as string;
      const to = core.ids[edge.to] as string;
      if (edge.kind === "onError") {
        edges.push({ kind: "onError", from, to, carries: text(stepErrorType) });
        continue;
      }
      const output = outputs?.[edge.from];
      const carries = output === undefined ? {} : { carries: text(output) };
      if (edge.kind === "after") {
        edges.push({ kind: "after", from, to, ...carries });
        continue;
      }
      const arm = core.steps[edge.from]?.branch?.[edge.arm];
      const condition = arm !== undefined && "if" in arm ? { condition: arm.if } : {};
      edges.push({ kind: "branch", from, to, arm: edge.arm, ...condition, ...carries });
    }
  }
  return edges;
}
