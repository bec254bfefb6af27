import {
  type FlowDefinition,
  type FlowDefinitionInput,
  parseFlowDefinition,
} from "../../../runtime/flows/definition/index.js";
import { type AnalyzeFlowOptions, analyzeFlow } from "../../../runtime/flows/graph/index.js";

type StepInput = FlowDefinitionInput["steps"][number];
type ArmInput = NonNullable<StepInput["branch"]>[number];

/** A step running slugify on a fixed text; `extra` adds or replaces fields. */
export function step(id: string, extra: Partial<StepInput> = {}): StepInput {
  return { id, task: "slugify", input: { text: "'x'" }, ...extra };
}

/** A step whose text input is `expression`. */
export function reading(id: string, expression: string, extra: Partial<StepInput> = {}): StepInput {
  return step(id, { input: { text: expression }, ...extra });
}

export function ifArm(condition: string, targets: readonly string[]): ArmInput {
  // biome-ignore lint/suspicious/noThenProperty: the flow format's keyword.
  return { if: condition, then: [...targets] };
}

export function elseArm(targets: readonly string[]): ArmInput {
  return { else: [...targets] };
}

/** A valid flow definition around `steps`. */
export function flowOf(steps: readonly StepInput[], extra: Partial<FlowDefinitionInput> = {}): FlowDefinition {
  return parseFlowDefinition({ name: "test-flow", input: { text: "string" }, steps, output: { ok: "true" }, ...extra });
}

/** The `{ code, path }` of every issue `analyzeFlow` reports for a flow of `steps`. */
export function graphIssues(
  steps: readonly StepInput[],
  options: AnalyzeFlowOptions = {},
): { code: string; path: string }[] {
  return analyzeFlow(flowOf(steps), options).issues.map(({ code, path }) => ({ code, path }));
}
