import { didYouMean, type Issue, SuggestionBudget } from "../../errors/index.js";
import { formatValueType, fromJson, invalidInputMessage, type ValueType } from "../../values/index.js";
import { type FlowDefinition, type StepInput, stepInputForm } from "../definition/index.js";
import {
  checkAssignable,
  compileCondition,
  compileExpression,
  ExpressionError,
  type ExpressionScope,
  literalFitIssue,
} from "../expressions/index.js";
import type { FlowGraph } from "../graph/index.js";
import { FlowScopes, type StepTaskTypes } from "./scopes.js";

/**
 * Types along every edge, before anything runs: each mapping field's expression is compiled
 * against the declared types of the flow input and of the steps guaranteed to have settled before
 * it, and must be assignable to the task input field it fills (see `checkAssignable`: WIT's kinds
 * by their names, a tuple item by item); literals must be values of that field's type, and so must
 * a quoted string feeding an enum or a char (`"'red'"`). A step input written as one expression or
 * one literal is checked the same way against the task's whole input type, whatever its kind.
 * Branch conditions must be boolean; the flow output mapping must type-check. Unknown
 * tasks are the graph check's to report: a step running one is not checked, and what reads it
 * fails here as a follow-on of that (see `foldFollowOns`).
 */
export function checkEdgeTypes(
  definition: FlowDefinition,
  graph: FlowGraph,
  taskTypes: (reference: string) => StepTaskTypes | undefined,
): Issue[] {
  const issues: Issue[] = [];
  // A duplicated id names its first step, as in the graph: the copy is reported as DUPLICATE_STEP_ID.
  const stepIndex = new Map<string, number>();
  definition.steps.forEach((step, index) => {
    if (!stepIndex.has(step.id)) stepIndex.set(step.id, index);
  });
  const typesOf = (id: string) => {
    const index = stepIndex.get(id);
    return index === undefined ? undefined : taskTypes(definition.steps[index]?.task ?? "");
  };
  const scopes = new FlowScopes(definition, graph, typesOf);
  const budget = new SuggestionBudget();
  for (const id of graph.order) {
    const index = stepIndex.get(id);
    const step = index === undefined ? undefined : definition.steps[index];
    const types = typesOf(id);
    if (step === undefined || types === undefined) continue;
    const scope = scopes.input(step);
    const base = `steps[${index}]`;
    issues.push(...checkStepInput(step.input, types.input, scope, `${base}.input`, budget));
    const withSelf = scopes.condition(step, scope);
    (step.branch ?? []).forEach((arm, armIndex) => {
      if (!("if" in arm) || typeof arm.if !== "string") return;
      const issue = compileIssue(() => compileCondition(arm.if as string, withSelf), `${base}.branch[${armIndex}].if`);
      if (issue !== undefined) issues.push(issue);
    });
  }
  const outputScope = scopes.output();
  for (const [field, value] of Object.entries(definition.output)) {
    if (typeof value !== "string") continue;
    const issue = compileIssue(() => compileExpression(value, outputScope), `output.${field}`);
    if (issue !== undefined) issues.push(issue);
  }
  return issues;
}

/** A step's input against its task's declared input type: field by field for a mapping, else whole. */
function checkStepInput(
  input: StepInput,
  target: ValueType,
  scope: ExpressionScope,
  path: string,
  budget: SuggestionBudget,
): Issue[] {
  const form = stepInputForm(input);
  const issue =
    form.kind === "expression"
      ? expressionIssue(form.text, target, scope, path)
      : form.kind === "literal"
        ? literalIssue(form.value, target, path)
        : undefined;
  if (form.kind !== "mapping") return issue === undefined ? [] : [issue];
  if (target.kind !== "record") {
    return [
      {
        code: "STEP_INPUT_NOT_RECORD",
        path,
        expected: "one expression (a JSON string) or a literal",
        actual: target.kind,
        message: `the task's input is ${formatValueType(target)}, not a record, so it cannot be filled field by field: write one expression whose value is the whole input instead, e.g. "input.text" or "steps.<id>.output"`,
      },
    ];
  }
  return checkMapping(form.mapping, target, scope, path, budget);
}

function checkMapping(
  mapping: Readonly<Record<string, unknown>>,
  target: Extract<ValueType, { kind: "record" }>,
  scope: ExpressionScope,
  path: string,
  budget: SuggestionBudget,
): Issue[] {
  const issues: Issue[] = [];
  const fields = target.fields.map((f) => f.name);
  for (const key of Object.keys(mapping)) {
    if (!fields.includes(key)) {
      const names = budget.meant(key, fields);
      issues.push({
        code: "UNKNOWN_INPUT_FIELD",
        path: `${path}.${key}`,
        expected: fields.join(", "),
        actual: key,
        message: `the task's input has no field "${key}"${names.length === 0 ? "" : `; ${didYouMean(names)}`}`,
        ...(names.length === 0 ? {} : { suggestions: names }),
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
  return checkAssignable(type, target, path) ?? literalFitIssue(text, target, path);
}

function literalIssue(value: unknown, target: ValueType, path: string): Issue | undefined {
  // Problems are named from the field the literal fills: `steps[0].input.shape.tag`.
  const converted = fromJson(target, value, path);
  if (!("issues" in converted)) return undefined;
  return { code: "LITERAL_TYPE_MISMATCH", path, message: invalidInputMessage(converted) };
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
