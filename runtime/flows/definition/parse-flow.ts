import { DefinitionError, type Issue } from "../../errors/index.js";
import { fieldPath, parseValueType, type ValueType, ValueTypeSyntaxError } from "../../values/index.js";
import { type FlowDefinitionData, flowDefinitionSchema } from "./flow-schema.js";
import { checkInitialValue } from "./initial-value.js";
import { checkJsonShape } from "./json-shape.js";
import { flowLimits } from "./limits.js";
import { addressStepsById } from "./step-address.js";
import { fromFlowZodIssues } from "./zod-issues.js";

/** A flow definition whose shape is valid: defaults applied, the input type parsed. */
export interface FlowDefinition extends FlowDefinitionData {
  readonly inputType: ValueType;
}

/**
 * Validates a parsed JSON value as a flow definition: its shape, its declared input type, and
 * `initial` against that type. Every problem is collected and thrown together as one
 * `DefinitionError`. The graph (references, cycles, joins) is checked by `analyzeFlow`, and
 * expressions are carried as text.
 */
export function parseFlowDefinition(value: unknown, file?: string): FlowDefinition {
  const shapeIssues = checkJsonShape(value, flowLimits.maxJsonDepth);
  if (shapeIssues.some((issue) => issue.code === "TOO_DEEP")) {
    throw new DefinitionError("flow definition", shapeIssues, file);
  }
  const steps = (value as { readonly steps?: unknown } | null)?.steps;
  const result = flowDefinitionSchema.safeParse(value);
  if (!result.success) {
    const issues = [...shapeIssues, ...fromFlowZodIssues(result.error.issues)];
    throw new DefinitionError("flow definition", addressStepsById(issues, steps), file);
  }
  const data = result.data;
  const issues: Issue[] = [...shapeIssues];
  // Parsed from the value as given, not from the schema's copy, where a `__proto__` field is lost.
  const inputType = parseDeclared((value as { readonly input: unknown }).input, issues);
  if (inputType !== undefined && data.initial !== undefined) issues.push(...checkInitialValue(data.initial, inputType));
  if (issues.length > 0 || inputType === undefined) {
    throw new DefinitionError(`flow definition "${data.name}"`, addressStepsById(issues, steps), file);
  }
  return { ...data, inputType };
}

function parseDeclared(declaration: unknown, issues: Issue[]): ValueType | undefined {
  try {
    return parseValueType(declaration);
  } catch (error) {
    if (!(error instanceof ValueTypeSyntaxError)) throw error;
    issues.push({ code: "TYPE_SYNTAX", path: fieldPath("input", error.fields), message: error.message });
    return undefined;
  }
}
