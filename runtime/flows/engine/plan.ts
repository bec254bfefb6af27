import type { RunnableTask } from "../../sandbox/runner-types.js";
import type { RegisteredTask, RetryPolicy } from "../../tasks/index.js";
import { compileValueCodec, type RecordField, type ValueType } from "../../values/index.js";
import { FlowScopes } from "../check/index.js";
import { type FlowDefinition, type FlowStep, type StepInput, stepInputForm } from "../definition/index.js";
import { type CompiledExpression, compileCondition, compileExpression } from "../expressions/index.js";
import type { FlowEdge, FlowGraph } from "../graph/index.js";

/**
 * A value ready to evaluate: a compiled expression, or a literal already converted. `type` is the
 * declared type the expression's value is converted to; undefined where nothing is declared (the
 * flow output).
 */
export type PlannedValue =
  | { readonly type: ValueType | undefined; readonly expression: CompiledExpression }
  | { readonly type: ValueType | undefined; readonly literal: unknown };

/** One field of a mapping, ready to evaluate. */
export type PlannedField = PlannedValue & { readonly name: string };

/** How a step's input is made: its record input field by field, or the whole value at once. */
export type PlannedInput =
  | { readonly kind: "fields"; readonly fields: readonly PlannedField[] }
  | { readonly kind: "whole"; readonly value: PlannedValue };

export interface PlannedArm {
  readonly index: number;
  /** Undefined for the else arm. */
  readonly condition: CompiledExpression | undefined;
}

/** Everything the engine needs about one step, compiled once per flow revision and pinned tasks. */
export interface PlannedStep {
  readonly id: string;
  readonly step: FlowStep;
  /** `name@revision` of the pinned task. */
  readonly taskRef: string;
  readonly task: RunnableTask;
  readonly input: PlannedInput;
  readonly arms: readonly PlannedArm[];
  readonly edgesIn: readonly FlowEdge[];
  /** Distinct steps that wait for this one. */
  readonly successors: readonly string[];
  readonly retry: RetryPolicy;
  readonly limits: { readonly timeoutMs: number; readonly maxInputBytes: number; readonly maxOutputBytes: number };
  /** The step has onError handlers: its failure does not fail the run. */
  readonly handled: boolean;
  /** A successor waits for it with `any-succeeded`: its failure fails the run only if that join is skipped. */
  readonly tolerated: boolean;
}

export interface FlowPlan {
  readonly definition: FlowDefinition;
  readonly graph: FlowGraph;
  readonly steps: ReadonlyMap<string, PlannedStep>;
  /** Steps in dependency order. */
  readonly order: readonly PlannedStep[];
  readonly output: readonly PlannedField[];
}

/**
 * Compiles a validated flow against the task revisions a run pinned: every expression once, in the
 * same scopes the static checks used, every literal converted to its field's type.
 */
export function planFlow(
  definition: FlowDefinition,
  graph: FlowGraph,
  taskOf: (stepId: string) => RegisteredTask,
  moduleBytes: (task: RegisteredTask) => Uint8Array,
): FlowPlan {
  const byId = new Map(definition.steps.map((step) => [step.id, step] as const));
  const typesOf = (id: string) => {
    const task = byId.has(id) ? taskOf(id) : undefined;
    return task === undefined ? undefined : { input: task.definition.inputType, output: task.definition.outputType };
  };
  const scopes = new FlowScopes(definition, graph, typesOf);
  const steps = new Map<string, PlannedStep>();
  for (const id of graph.order) {
    const step = byId.get(id) as FlowStep;
    const task = taskOf(id);
    const scope = scopes.input(step);
    const conditionScope = scopes.condition(step, scope);
    const successors = [...new Set(graph.successors(id).map((edge) => edge.to))];
    steps.set(id, {
      id,
      step,
      taskRef: `${task.name}@${task.revision}`,
      task: {
        name: task.name,
        revision: task.revision,
        definition: task.definition,
        moduleHash: task.moduleHash,
        moduleBytes: () => moduleBytes(task),
      },
      input: planInput(step.input, task.definition.inputType, (text) => compileExpression(text, scope)),
      arms: (step.branch ?? []).map((arm, index) => ({
        index,
        condition: "if" in arm ? compileCondition(arm.if, conditionScope) : undefined,
      })),
      edgesIn: graph.predecessors(id),
      successors,
      retry: withOverrides(task.definition.retry, step.retry),
      limits: withOverrides(task.definition.limits, step.limits),
      handled: (step.onError ?? []).length > 0,
      tolerated: successors.some(
        (successor) =>
          byId.get(successor)?.join === "any-succeeded" &&
          graph.predecessors(successor).some((edge) => edge.from === id && edge.kind === "after"),
      ),
    });
  }
  const outputScope = scopes.output();
  const output = Object.entries(definition.output).map(
    ([name, value]): PlannedField =>
      typeof value === "string"
        ? { name, type: undefined, expression: compileExpression(value, outputScope) }
        : { name, type: undefined, literal: value },
  );
  return {
    definition,
    graph,
    steps,
    order: graph.order.map((id) => steps.get(id) as PlannedStep),
    output,
  };
}

function planInput(input: StepInput, type: ValueType, compile: (text: string) => CompiledExpression): PlannedInput {
  const form = stepInputForm(input);
  if (form.kind === "expression") return { kind: "whole", value: { type, expression: compile(form.text) } };
  if (form.kind === "literal") return { kind: "whole", value: { type, literal: fromJsonLiteral(type, form.value) } };
  // Validation refused a mapping for any input but a record.
  const fields = type.kind === "record" ? type.fields : [];
  return { kind: "fields", fields: planRecordMapping(form.mapping, fields, compile) };
}

function planRecordMapping(
  mapping: Readonly<Record<string, unknown>>,
  fields: readonly RecordField[],
  compile: (text: string) => CompiledExpression,
): PlannedField[] {
  return fields.map((field): PlannedField => {
    const value = Object.hasOwn(mapping, field.name) ? mapping[field.name] : undefined;
    if (value === undefined) return { name: field.name, type: field.type, literal: null };
    if (typeof value === "string") return { name: field.name, type: field.type, expression: compile(value) };
    return { name: field.name, type: field.type, literal: fromJsonLiteral(field.type, value) };
  });
}

/**
 * Literals were checked against their type at validation; JSON forms (a 64-bit integer as a
 * decimal string, bytes as base64) become values here.
 */
function fromJsonLiteral(type: ValueType, value: unknown): unknown {
  return compileValueCodec(type).fromJson(value);
}

/** `base` with the fields `overrides` sets; fields it leaves out keep their values. */
function withOverrides<T extends object>(
  base: T,
  overrides: { readonly [K in keyof T]?: T[K] | undefined } | undefined,
): T {
  const merged = { ...base };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
