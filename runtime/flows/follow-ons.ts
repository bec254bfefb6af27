import type { Issue } from "../errors/index.js";
import { type FlowDefinition, stepInputForm } from "./definition/index.js";
import { stepReferences } from "./graph/index.js";

const linkPath = /^steps\[\d+\]\.(?:after|onError|branch\[\d+\]\.(?:then|else))\[\d+\]$/;
const expressionPath =
  /^(?:steps\[\d+\]\.input\.[A-Za-z_][A-Za-z0-9_]*|steps\[\d+\]\.branch\[\d+\]\.if|output\.[A-Za-z_][A-Za-z0-9_]*)/;
const stepPosition = /^steps\[(\d+)\]/;
/** A step's input, and whatever inside it an issue names (`steps[1].input.words`). */
const inputPath = /^steps\[(\d+)\]\.input(?=$|[.[])/;

/**
 * One mistake, one problem: the problems that only follow from another are folded under it
 * (`Issue.folded`), so the list starts with what to fix. Issues are located by position here
 * (`steps[1].input.words`), as the checks report them.
 * - One expression, one problem: a type error in an expression the graph check already refused
 *   (it reads an unknown step, or a step not sure to have settled) is that problem seen again.
 * - A step whose task is unknown has no declared output: type errors in expressions reading it
 *   follow from the unknown task.
 * - A misspelt step in `after`, a branch or `onError`: a read of the step it was meant to name
 *   (or by it) is refused only because the link is missing.
 * - A misspelt input field: the field it was meant to be is reported missing only because of it.
 * A step input written as one expression is one expression here too, whatever part of its value
 * an issue names.
 * Syntax errors are never folded: they are wrong whatever else is.
 */
export function foldFollowOns(
  definition: FlowDefinition,
  graphIssues: readonly Issue[],
  typeIssues: readonly Issue[],
): Issue[] {
  const all = [...graphIssues, ...typeIssues];
  const parent = new Map<number, number>();
  const graphAt = new Map<string, number>();
  graphIssues.forEach((issue, index) => {
    if (!graphAt.has(issue.path)) graphAt.set(issue.path, index);
  });
  const unknownTasks = new Map<string, number>();
  const misspeltLinks: number[] = [];
  graphIssues.forEach((issue, index) => {
    const id = stepIdAt(definition, issue.path);
    if (issue.code === "UNKNOWN_TASK" && id !== undefined && !unknownTasks.has(id)) unknownTasks.set(id, index);
    if (issue.code === "UNKNOWN_STEP" && linkPath.test(issue.path) && issue.suggestions !== undefined) {
      misspeltLinks.push(index);
    }
  });

  graphIssues.forEach((issue, index) => {
    if (issue.code !== "NOT_AN_ANCESTOR" && issue.code !== "ERROR_READ_OUTSIDE_HANDLER") return;
    const involved = [readStep(issue.actual), stepIdAt(definition, issue.path)];
    const link = misspeltLinks.find((at) => all[at]?.suggestions?.some((name) => involved.includes(name)));
    if (link !== undefined) parent.set(index, link);
  });

  const fieldTypos = new Map<string, number[]>();
  typeIssues.forEach((issue, offset) => {
    if (issue.code !== "UNKNOWN_INPUT_FIELD") return;
    const mapping = parentPath(issue.path);
    fieldTypos.set(mapping, [...(fieldTypos.get(mapping) ?? []), graphIssues.length + offset]);
  });

  typeIssues.forEach((issue, offset) => {
    const index = graphIssues.length + offset;
    if (issue.code === "EXPRESSION_SYNTAX") return;
    if (issue.code === "MISSING_INPUT_FIELD") {
      const field = issue.path.slice(issue.path.lastIndexOf(".") + 1);
      const typo = fieldTypos.get(parentPath(issue.path))?.find((at) => all[at]?.suggestions?.includes(field));
      if (typo !== undefined) parent.set(index, typo);
      return;
    }
    const path = expressionPathOf(definition, issue.path);
    if (path === undefined) return;
    const sameExpression = graphAt.get(path);
    if (sameExpression !== undefined) {
      parent.set(index, sameExpression);
      return;
    }
    const text = expressionAt(definition, path);
    const unknown = text === undefined ? undefined : stepReferences(text).find((r) => unknownTasks.has(r.step));
    if (unknown !== undefined) parent.set(index, unknownTasks.get(unknown.step) as number);
  });

  const rootOf = (index: number): number => {
    let at = index;
    for (let next = parent.get(at); next !== undefined; next = parent.get(at)) at = next;
    return at;
  };
  const folded = new Map<number, Issue[]>();
  all.forEach((issue, index) => {
    if (!parent.has(index)) return;
    const root = rootOf(index);
    const under = folded.get(root);
    if (under === undefined) folded.set(root, [issue]);
    else under.push(issue);
  });
  return all.flatMap((issue, index) => {
    if (parent.has(index)) return [];
    const under = folded.get(index);
    return [under === undefined ? issue : { ...issue, folded: under }];
  });
}

/** `steps.count.output` → `count`. */
function readStep(read: string | undefined): string | undefined {
  return read === undefined ? undefined : /^steps\.([A-Za-z_][A-Za-z0-9_]*)/.exec(read)?.[1];
}

function stepIdAt(definition: FlowDefinition, path: string): string | undefined {
  const match = stepPosition.exec(path);
  return match === null ? undefined : definition.steps[Number(match[1])]?.id;
}

/** `steps[1].input.words` → `steps[1].input`. */
function parentPath(path: string): string {
  return path.slice(0, path.lastIndexOf("."));
}

/**
 * The path of the expression an issue is about: a mapped field, a condition, or a step input
 * written as one expression — whose issues may name a part of the value (`steps[1].input.words`).
 */
function expressionPathOf(definition: FlowDefinition, path: string): string | undefined {
  const input = inputPath.exec(path);
  const step = input === null ? undefined : definition.steps[Number(input[1])];
  if (input !== null && step !== undefined && stepInputForm(step.input).kind === "expression") return input[0];
  return expressionPath.exec(path)?.[0];
}

/** The expression text at a mapping, condition or whole-input path, if one is written there. */
function expressionAt(definition: FlowDefinition, path: string): string | undefined {
  const output = /^output\.(.+)$/.exec(path);
  if (output !== null) return textOf(definition.output, output[1] as string);
  const match = /^steps\[(\d+)\]\.(?:input(?:\.(.+))?|branch\[(\d+)\]\.if)$/.exec(path);
  const step = match === null ? undefined : definition.steps[Number(match[1])];
  if (match === null || step === undefined) return undefined;
  if (match[3] === undefined) {
    const form = stepInputForm(step.input);
    if (match[2] === undefined) return form.kind === "expression" ? form.text : undefined;
    return form.kind === "mapping" ? textOf(form.mapping, match[2]) : undefined;
  }
  const arm = step.branch?.[Number(match[3])];
  return arm !== undefined && "if" in arm ? arm.if : undefined;
}

function textOf(mapping: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = Object.hasOwn(mapping, key) ? mapping[key] : undefined;
  return typeof value === "string" ? value : undefined;
}
