import type { ValueType } from "../../values/index.js";
import { type FlowDefinition, type FlowStep, type Mapping, stepInputExpressions } from "../definition/index.js";
import type { ExpressionScope, StepScope } from "../expressions/index.js";
import { type FlowGraph, stepReferences } from "../graph/index.js";

/** The declared types of the task a step runs. */
export interface StepTaskTypes {
  readonly input: ValueType;
  readonly output: ValueType;
}

/** A step's task types by step id; undefined for a step whose task is unknown. */
export type StepTypesById = (id: string) => StepTaskTypes | undefined;

/**
 * The scopes expressions are compiled in — the same for the static checks and for the engine, so
 * what type-checks is what runs. Each scope declares only the steps its expressions read.
 */
export class FlowScopes {
  private readonly handlersOf: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly known: ReadonlySet<string>;

  constructor(
    private readonly definition: FlowDefinition,
    private readonly graph: FlowGraph,
    private readonly typesOf: StepTypesById,
  ) {
    this.handlersOf = new Map(graph.errorPaths.map((path) => [path.step, new Set(path.handlers)] as const));
    this.known = new Set(graph.steps);
  }

  /**
   * A step's input (its mapping, or its one expression) sees the flow input and the guaranteed
   * ancestors it reads: their declared output, or their error when this step is one of their
   * onError handlers.
   */
  input(step: FlowStep): ExpressionScope {
    // Unknown ids are the graph check's to report (UNKNOWN_STEP); here they are left undeclared.
    const read = readSteps(stepExpressions(step)).filter(
      (other) => other !== step.id && this.known.has(other) && this.graph.isGuaranteedAncestor(other, step.id),
    );
    const steps: Record<string, StepScope> = {};
    for (const ancestor of read) {
      const output = this.typesOf(ancestor)?.output;
      const handles = this.handlersOf.get(ancestor)?.has(step.id) === true;
      steps[ancestor] = handles ? { error: true } : output === undefined ? {} : { output };
    }
    return { input: this.definition.inputType, steps };
  }

  /** A step's branch conditions see what its input sees, plus its own output. */
  condition(step: FlowStep, inputScope: ExpressionScope): ExpressionScope {
    const output = this.typesOf(step.id)?.output;
    return output === undefined ? inputScope : { ...inputScope, steps: { ...inputScope.steps, [step.id]: { output } } };
  }

  /**
   * The flow output is evaluated once every step has settled, so it may read any step's output —
   * a step that did not succeed has none, and reading it is a `CONDITION_ERROR` unless guarded
   * with `has(steps.x.output)`.
   */
  output(): ExpressionScope {
    const steps: Record<string, StepScope> = {};
    for (const id of readSteps(mappingExpressions(this.definition.output))) {
      const output = this.typesOf(id)?.output;
      if (output !== undefined) steps[id] = { output };
    }
    return { input: this.definition.inputType, steps };
  }
}

/** The expression texts of a mapping (strings; other JSON values are literals). */
export function mappingExpressions(mapping: Mapping | undefined): string[] {
  return Object.values(mapping ?? {}).filter((v): v is string => typeof v === "string");
}

function stepExpressions(step: FlowStep): string[] {
  return [
    ...stepInputExpressions(step.input, "input").map(([, text]) => text),
    ...(step.branch ?? []).flatMap((arm) => ("if" in arm && typeof arm.if === "string" ? [arm.if] : [])),
  ];
}

/** The steps some expressions read: only those go into a scope, so a 10 000-step chain stays linear. */
function readSteps(texts: readonly string[]): string[] {
  return [...new Set(texts.flatMap((text) => stepReferences(text).map((r) => r.step)))];
}
