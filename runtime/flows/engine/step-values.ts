import { type Activation, evaluate, evaluateAs, evaluateCondition } from "../expressions/index.js";
import { cancelledError, type RunError } from "./events.js";
import type { FlowPlan, PlannedStep, PlannedValue } from "./plan.js";
import type { RunOutcome } from "./run-journal.js";
import { toStepError } from "./step-error.js";

/**
 * A step's input: each field of its mapping, or its one expression or literal, evaluated (throws
 * `CONDITION_ERROR` when one cannot be, its issue at `steps.<id>.input.<field>` or `steps.<id>.input`).
 */
export function mapInput(planned: PlannedStep, activation: Activation): unknown {
  const path = `steps.${planned.id}.input`;
  if (planned.input.kind === "whole") return plannedValue(planned.input.value, activation, path);
  const input: Record<string, unknown> = {};
  for (const field of planned.input.fields)
    input[field.name] = plannedValue(field, activation, `${path}.${field.name}`);
  return input;
}

/** The first arm whose condition holds; undefined when the step has no branch or no arm holds. */
export function chooseArm(planned: PlannedStep, activation: Activation): number | undefined {
  for (const arm of planned.arms) {
    if (arm.condition === undefined || evaluateCondition(arm.condition, activation)) return arm.index;
  }
  return undefined;
}

/** The flow's output mapping, evaluated once every step has settled. */
export function flowOutput(plan: FlowPlan, activation: Activation): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const field of plan.output) output[field.name] = plannedValue(field, activation, `output.${field.name}`);
  return output;
}

/** How a run ended: cancelled, failed (a step's failure), or the flow's output — unless evaluating it fails. */
export function runOutcome(
  plan: FlowPlan,
  activation: Activation,
  cancelled: boolean,
  failure: RunError | undefined,
): RunOutcome {
  if (cancelled) return { status: "cancelled", error: cancelledError };
  if (failure !== undefined) return { status: "failed", error: failure };
  try {
    return { status: "succeeded", output: flowOutput(plan, activation) };
  } catch (error) {
    const { error: stepError } = toStepError(error);
    return { status: "failed", error: { ...stepError, message: `flow output: ${stepError.message}` } };
  }
}

/** A planned value; one refused for its declared type is reported at `path`. */
function plannedValue(value: PlannedValue, activation: Activation, path: string): unknown {
  if ("literal" in value) return value.literal;
  return value.type === undefined
    ? evaluate(value.expression, activation)
    : evaluateAs(value.expression, activation, value.type, path);
}
