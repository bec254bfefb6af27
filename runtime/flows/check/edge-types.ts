import { type Issue, TaskRunError } from "../../errors/index.js";
import { compileValueCodec } from "../../sandbox/index.js";
import type { ValueType } from "../../values/index.js";
import type { FlowDefinition } from "../definition/index.js";
import {
  checkAssignable,
  compileCondition,
  compileExpression,
  ExpressionError,
  type ExpressionScope,
  type StepScope,
} from "../expressions/index.js";
import { type FlowGraph, stepReferences } from "../graph/index.js";

/** The declared types of the task a step runs. */
export interface StepTaskTypes {
  readonly input: ValueType;
  readonly output: ValueType;
}

/**
 * Types along every edge, before anything runs: each mapping field's expression is compiled
 * against the declared types of the flow input and of the steps guaranteed to have settled before
 * it, and must be assignable to the task input field it fills; literals must be values of that
 * field's type; branch conditions must be boolean. Unknown tasks are left to the graph check.
 */
export function checkEdgeTypes(
  definition: FlowDefinition,
  graph: FlowGraph,
  taskTypes: (reference: string) => StepTaskTypes | undefined,
): Issue[] {
  const issues: Issue[] = [];
  const stepIndex = new Map(definition.steps.map((step, index) => [step.id, index] as const));
  const handlersOf = new Map(definition.steps.map((step) => [step.id, new Set(step.onError ?? [])] as const));
  const typesOf = (id: string) => {
    const index = stepIndex.get(id);
    return index === undefined ? undefined : taskTypes(definition.steps[index]?.task ?? "");
  };
  for (const id of graph.order) {
    const index = stepIndex.get(id);
    const step = index === undefined ? undefined : definition.steps[index];
    const types = typesOf(id);
    if (step === undefined || types === undefined) continue;
    const read = readSteps(step).filter((other) => other !== id && graph.isGuaranteedAncestor(other, id));
    const scope = scopeFor(definition.inputType, read, id, handlersOf, typesOf);
    const base = `steps[${index}]`;
    issues.push(...checkMapping(step.input ?? {}, types.input, scope, `${base}.input`));
    const withSelf: ExpressionScope = { ...scope, steps: { ...scope.steps, [id]: { output: types.output } } };
    (step.branch ?? []).forEach((arm, armIndex) => {
      if (!("if" in arm) || typeof arm.if !== "string") return;
      const issue = compileIssue(() => compileCondition(arm.if as string, withSelf), `${base}.branch[${armIndex}].if`);
      if (issue !== undefined) issues.push(issue);
    });
  }
  return issues;
}

/** The steps a step's expressions read: only those go into its scope, so a 10 000-step chain stays linear. */
function readSteps(step: FlowDefinition["steps"][number]): string[] {
  const texts = [
    ...Object.values(step.input ?? {}).filter((v): v is string => typeof v === "string"),
    ...(step.branch ?? []).flatMap((arm) => ("if" in arm && typeof arm.if === "string" ? [arm.if] : [])),
  ];
  return [...new Set(texts.flatMap((text) => stepReferences(text).map((r) => r.step)))];
}

function scopeFor(
  input: ValueType,
  ancestors: readonly string[],
  self: string,
  handlersOf: ReadonlyMap<string, ReadonlySet<string>>,
  typesOf: (id: string) => StepTaskTypes | undefined,
): ExpressionScope {
  const steps: Record<string, StepScope> = {};
  for (const ancestor of ancestors) {
    const output = typesOf(ancestor)?.output;
    const handles = handlersOf.get(ancestor)?.has(self) === true;
    steps[ancestor] = handles ? { error: true } : output === undefined ? {} : { output };
  }
  return { input, steps };
}

function checkMapping(
  mapping: Readonly<Record<string, unknown>>,
  target: ValueType,
  scope: ExpressionScope,
  path: string,
): Issue[] {
  if (target.kind !== "record") {
    return [
      {
        code: "STEP_INPUT_NOT_RECORD",
        path,
        actual: target.kind,
        message: "flows fill a task's input field by field, so the task must declare a record input",
      },
    ];
  }
  const issues: Issue[] = [];
  const fields = new Set(target.fields.map((f) => f.name));
  for (const key of Object.keys(mapping)) {
    if (!fields.has(key)) {
      issues.push({
        code: "UNKNOWN_INPUT_FIELD",
        path: `${path}.${key}`,
        expected: [...fields].join(", "),
        actual: key,
        message: `the task's input has no field "${key}"`,
      });
    }
  }
  for (const field of target.fields) {
    const fieldPath = `${path}.${field.name}`;
    const value = Object.hasOwn(mapping, field.name) ? mapping[field.name] : undefined;
    if (value === undefined) {
      if (field.type.kind !== "option") {
        issues.push({
          code: "MISSING_INPUT_FIELD",
          path: fieldPath,
          message: `the task's input field "${field.name}" is not mapped`,
        });
      }
      continue;
    }
    const issue =
      typeof value === "string"
        ? expressionIssue(value, field.type, scope, fieldPath)
        : literalIssue(value, field.type, fieldPath);
    if (issue !== undefined) issues.push(issue);
  }
  return issues;
}

function expressionIssue(text: string, target: ValueType, scope: ExpressionScope, path: string): Issue | undefined {
  let type: ReturnType<typeof compileExpression>["type"];
  try {
    type = compileExpression(text, scope).type;
  } catch (error) {
    return fromExpressionError(error, path);
  }
  return checkAssignable(type, target, path);
}

function literalIssue(value: unknown, target: ValueType, path: string): Issue | undefined {
  try {
    compileValueCodec(target).fromJson(value);
    return undefined;
  } catch (error) {
    if (!(error instanceof TaskRunError)) throw error;
    return { code: "LITERAL_TYPE_MISMATCH", path, message: error.message };
  }
}

function compileIssue(compile: () => unknown, path: string): Issue | undefined {
  try {
    compile();
    return undefined;
  } catch (error) {
    return fromExpressionError(error, path);
  }
}

function fromExpressionError(error: unknown, path: string): Issue {
  if (!(error instanceof ExpressionError)) throw error;
  return { code: error.code, path, message: error.message };
}
