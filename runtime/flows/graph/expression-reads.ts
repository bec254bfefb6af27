import { didYouMean, type Issue, SuggestionBudget } from "../../errors/index.js";
import { type FlowDefinitionData, type Mapping, stepInputExpressions } from "../definition/index.js";
import type { AncestorSets } from "./ancestors.js";
import type { GraphCore } from "./build-graph.js";
import type { Condition } from "./conditions.js";
import { stepReferences } from "./step-references.js";

const failedOutcome = -2;
const stepMembers = ["output", "error"];

interface ReadContext {
  readonly core: GraphCore;
  readonly conditions: readonly (Condition | undefined)[];
  /** Undefined when ancestry is unknown (a cycle): only references are checked then. */
  readonly ancestors: AncestorSets | undefined;
  readonly ordered: Uint8Array;
  readonly budget: SuggestionBudget;
}

/**
 * Checks which steps each expression reads (found by `stepReferences`, without parsing):
 * - UNKNOWN_STEP: `steps.x` where no step is called x (step inputs, conditions, flow output);
 * - NOT_AN_ANCESTOR: a step input reading a step that is not guaranteed to have settled before
 *   the step starts — not reachable backwards over after, branch and onError edges. A branch
 *   condition may also read its own step, whose output it branches on;
 * - ERROR_READ_OUTSIDE_HANDLER: `steps.x.error` anywhere but in a step of x's onError list;
 * - OUTPUT_OF_FAILED_STEP: `steps.x.output` in x's onError handler, which runs only when x failed;
 * - UNKNOWN_STEP_MEMBER: `steps.x.<member>` other than output and error.
 * The flow output is read after every step settled, so only its references are checked.
 */
export function checkExpressionReads(
  definition: FlowDefinitionData,
  core: GraphCore,
  conditions: readonly (Condition | undefined)[],
  ancestors: AncestorSets | undefined,
  ordered: Uint8Array,
): Issue[] {
  const context: ReadContext = { core, conditions, ancestors, ordered, budget: new SuggestionBudget() };
  const issues: Issue[] = [];
  const seen = new Set<string>();
  const report = (issue: Issue): void => {
    const key = `${issue.code}\u0000${issue.path}\u0000${issue.actual}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push(issue);
  };
  core.steps.forEach((step, node) => {
    const base = `steps[${core.stepIndex[node]}]`;
    for (const [path, expression] of stepInputExpressions(step.input, `${base}.input`)) {
      checkReads(context, node, false, expression, path, report);
    }
    step.branch?.forEach((arm, a) => {
      if ("if" in arm) checkReads(context, node, true, arm.if, `${base}.branch[${a}].if`, report);
    });
  });
  for (const [path, expression] of expressions(definition.output, "output")) {
    checkReads(context, undefined, false, expression, path, report);
  }
  return issues;
}

function* expressions(mapping: Mapping, base: string): Generator<[string, string]> {
  for (const [field, value] of Object.entries(mapping)) {
    if (typeof value === "string") yield [`${base}.${field}`, value];
  }
}

function checkReads(
  context: ReadContext,
  reader: number | undefined,
  mayReadItself: boolean,
  expression: string,
  path: string,
  report: (issue: Issue) => void,
): void {
  const { core, conditions, ancestors, ordered, budget } = context;
  for (const { step, member } of stepReferences(expression)) {
    const read = member === undefined ? `steps.${step}` : `steps.${step}.${member}`;
    const target = core.nodeOf.get(step);
    if (target === undefined) {
      const { names, text } = budget.suggest(step, core.ids, "steps");
      report({
        code: "UNKNOWN_STEP",
        path,
        actual: read,
        message: `reads ${read}, but no step has the id "${step}"${text === "" ? "" : `; ${text}`}`,
        ...(names.length === 0 ? {} : { suggestions: names }),
      });
      continue;
    }
    if (member !== undefined && member !== "output" && member !== "error") {
      const names = budget.meant(member, stepMembers);
      report({
        code: "UNKNOWN_STEP_MEMBER",
        path,
        expected: `steps.${step}.output or steps.${step}.error`,
        actual: read,
        message: `reads ${read}, but a step offers only .output and .error${names.length === 0 ? "" : `; ${didYouMean(names)}`}`,
        ...(names.length === 0 ? {} : { suggestions: names }),
      });
    }
    if (reader === undefined) continue;
    const readerId = core.ids[reader] as string;
    const condition = conditions[reader];
    const handlesTarget = condition?.source === target && condition.outcome === failedOutcome;
    if (member === "error" && !handlesTarget) {
      report({
        code: "ERROR_READ_OUTSIDE_HANDLER",
        path,
        actual: read,
        message: `reads ${read}, but only the steps in the onError list of "${step}" can read its error`,
      });
    } else if (member === "output" && handlesTarget) {
      report({
        code: "OUTPUT_OF_FAILED_STEP",
        path,
        actual: read,
        message: `step "${readerId}" runs only when "${step}" has failed, so ${read} never exists here; read steps.${step}.error`,
      });
    } else if (target === reader) {
      if (!mayReadItself) {
        report({
          code: "NOT_AN_ANCESTOR",
          path,
          actual: read,
          message: `step "${readerId}" reads its own output in its input; only a branch condition can`,
        });
      }
    } else if (ancestors !== undefined && ordered[reader] === 1 && !ancestors.has(reader, target)) {
      report({
        code: "NOT_AN_ANCESTOR",
        path,
        expected: `a step "${readerId}" waits for, directly or through others`,
        actual: read,
        message: `step "${readerId}" reads ${read}, but "${step}" is not guaranteed to have finished before "${readerId}" starts; add it to after`,
      });
    }
  }
}
