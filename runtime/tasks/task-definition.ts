import { DefinitionError, type Issue } from "../errors/index.js";
import { fieldPath, formatValueType, parseValueType, type ValueType, ValueTypeSyntaxError } from "../values/index.js";
import { definitionCaps } from "./defaults.js";
import { type TaskDefinitionData, taskDefinitionSchema, taskNamePattern } from "./definition-schema.js";
import { jsonDepthIssue } from "./json-depth.js";
import { plainMapping } from "./plain-types.js";
import { sourceLanguage } from "./source-language.js";
import { fromZodIssues } from "./zod-issues.js";

/** A validated task definition: defaults applied and the declared types parsed. */
export interface TaskDefinition extends TaskDefinitionData {
  readonly inputType: ValueType;
  readonly outputType: ValueType;
}

/**
 * Validates a parsed JSON value as a task definition. Every problem is collected — shape, type
 * syntax and the rules of the chosen ABI — and thrown together as one `DefinitionError`.
 */
export function parseTaskDefinition(value: unknown, file?: string): TaskDefinition {
  // The schema walks declared types recursively: a document nested deep enough would overflow it.
  const tooDeep = jsonDepthIssue(value, definitionCaps.maxJsonDepth);
  if (tooDeep !== undefined) throw new DefinitionError("task definition", [tooDeep], file, declaredName(value));
  const result = taskDefinitionSchema.safeParse(value);
  if (!result.success) {
    const issues = fromZodIssues(result.error.issues, taskDefinitionSchema);
    throw new DefinitionError("task definition", issues, file, declaredName(value));
  }
  const data = result.data;
  const issues: Issue[] = [];
  // Types are parsed from the value as given, not from the schema's copy of it: the copy assigns
  // each field, and assigning `__proto__` sets a prototype instead, so a field of that name would
  // vanish before the type parser could refuse it.
  const declared = value as { readonly input: unknown; readonly output: unknown };
  const inputType = parseDeclared(declared.input, "input", issues);
  const outputType = parseDeclared(declared.output, "output", issues);
  if (data.abi === "plain" && inputType !== undefined && outputType !== undefined) {
    issues.push(...plainRules(inputType, outputType));
  }
  const language = sourceLanguage(data);
  if (language !== undefined && language !== "assemblyscript" && data.abi !== "component") {
    issues.push({
      code: "SOURCE_LANGUAGE_UNSUPPORTED",
      path: data.language === undefined ? "source" : "language",
      expected: 'abi "component"',
      actual: `abi "${data.abi}"`,
      message: `a ${language === "javascript" ? "JavaScript" : "TypeScript"} source builds only as a component (abi "component"), which embeds a JavaScript engine`,
    });
  }
  if (issues.length > 0 || inputType === undefined || outputType === undefined) {
    throw new DefinitionError(`task definition "${data.name}"`, issues, file, data.name);
  }
  return { ...data, inputType, outputType };
}

/** The definition's `name`, if it is a valid one, whatever else is wrong. */
function declaredName(value: unknown): string | undefined {
  const name = typeof value === "object" && value !== null ? (value as { name?: unknown }).name : undefined;
  return typeof name === "string" && taskNamePattern.test(name) ? name : undefined;
}

function parseDeclared(declaration: unknown, path: string, issues: Issue[]): ValueType | undefined {
  try {
    return parseValueType(declaration);
  } catch (error) {
    if (!(error instanceof ValueTypeSyntaxError)) throw error;
    issues.push({ code: "TYPE_SYNTAX", path: fieldPath(path, error.fields), message: error.message });
    return undefined;
  }
}

function plainRules(input: ValueType, output: ValueType): Issue[] {
  const issues: Issue[] = [];
  if (input.kind !== "record") {
    issues.push({
      code: "PLAIN_INPUT_NOT_RECORD",
      path: "input",
      expected: "a record whose fields are the export's parameters, in order",
      actual: formatValueType(input),
      message: 'a plain task declares its parameters as a record, e.g. {"a": "s32", "b": "s32"}',
    });
  } else {
    for (const field of input.fields) {
      if (plainMapping(field.type) === undefined) {
        issues.push(unsupported(`input.${field.name}`, field.type));
      }
    }
  }
  if (plainMapping(output) === undefined) issues.push(unsupported("output", output));
  return issues;
}

function unsupported(path: string, type: ValueType): Issue {
  return {
    code: "PLAIN_TYPE_UNSUPPORTED",
    path,
    expected: "bool, s32, u32, s64, u64, f32, f64, string, bytes or a list of numbers",
    actual: formatValueType(type),
    message: `${formatValueType(type)} cannot cross a plain export; use the sdk ABI for structured data`,
  };
}
