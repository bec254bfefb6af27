import { didYouMean, type Issue, meant, suggest } from "../errors/index.js";
import { formatValueType, type ValueType } from "../values/index.js";
import {
  type ComponentTypes,
  formatWitFunction,
  formatWitType,
  type WitFunction,
  type WitType,
} from "../wasm/index.js";
import type { ComponentArguments, ComponentBinding, ComponentResult, ComponentTaskSignature } from "./binding.js";
import { compareFields, compareTypes } from "./compare-types.js";
import { fieldNameMatches, jcoExportPath } from "./component-names.js";
import { witToValueType } from "./wit-to-value-type.js";

export interface SignatureCheck {
  readonly issues: Issue[];
  /** Set when there are no issues. */
  readonly binding?: ComponentBinding;
}

/**
 * Finds the function a definition names and checks its parameters and result against the
 * declared input and output:
 * - one parameter: its type is the input's;
 * - several: the input is a record whose fields are the parameters, in order (a field matches a
 *   parameter when its kebab-case form is the parameter's name: `wordCount` ↔ `word-count`);
 * - none: refused (`COMPONENT_SIGNATURE_UNSUPPORTED`): a task always takes an input, and a
 *   record, the one way to say "nothing in particular", has at least one field;
 * - the result's type is the output's; or it is `result<T, E>` and the output is `T`, so an
 *   `err` fails the call; no result is refused.
 */
export function checkComponentSignature(types: ComponentTypes, task: ComponentTaskSignature): SignatureCheck {
  const found = types.functions.find((f) => f.path === task.export);
  if (found === undefined) return { issues: [missingFunction(types, task.export)] };
  const func = found.type;
  const issues: Issue[] = [];
  if (func.async) {
    issues.push({
      code: "COMPONENT_TYPE_UNSUPPORTED",
      path: `exports.${task.export}`,
      actual: formatWitFunction(func),
      message: "an async function (of the component model's async ABI) cannot run as a task",
    });
  }
  const args = checkParams(func, task, issues);
  const result = checkResult(func, task, issues);
  if (issues.length > 0 || args === undefined || result === undefined) return { issues };
  return {
    issues,
    binding: { export: task.export, jcoPath: jcoExportPath(task.export), function: func, arguments: args, result },
  };
}

function missingFunction(types: ComponentTypes, name: string): Issue {
  const path = `exports.${name}`;
  const paths = types.functions.map((f) => f.path);
  const exported = types.exports.find((e) => e.name === name);
  if (exported !== undefined) {
    const inside = paths.filter((p) => p.startsWith(`${name}#`));
    const hint = inside.length === 0 ? "" : `; its functions: ${inside.join(", ")}`;
    return {
      code: "EXPORT_KIND_MISMATCH",
      path,
      expected: "func",
      actual: exported.kind,
      message: `"${name}" is an exported ${exported.kind}, not a function${hint}`,
      ...(inside.length === 0 ? {} : { suggestions: inside }),
    };
  }
  // `run` for `wasmflow:task/run@0.1.0#run`: the same function name inside an exported interface.
  const sameName = paths.filter((p) => p.endsWith(`#${name}`));
  const close = sameName.length > 0 ? sameName : meant(name, paths);
  const known = close.length > 0 ? didYouMean(close) : suggest(name, paths, "functions").text;
  const listed = paths.length === 0 ? "; the component exports no functions" : known === "" ? "" : `; ${known}`;
  return {
    code: "MISSING_EXPORT",
    path,
    expected: `func ${name}`,
    actual: "absent",
    message: `the component exports no function "${name}"${listed}`,
    ...(close.length === 0 ? {} : { suggestions: close }),
  };
}

function checkParams(func: WitFunction, task: ComponentTaskSignature, issues: Issue[]): ComponentArguments | undefined {
  const input = task.inputType;
  const params = func.params;
  if (params.length === 0) {
    issues.push({
      code: "COMPONENT_SIGNATURE_UNSUPPORTED",
      path: "input",
      expected: "a function with at least one parameter",
      actual: formatWitFunction(func),
      message:
        "the function takes no parameters, but a task always takes an input (a record has at least one field): give it a parameter",
    });
    return undefined;
  }
  const before = issues.length;
  const only = params[0];
  if (params.length === 1 && only !== undefined) {
    compareTypes(input, only.type, "input", issues);
    if (issues.length > before) hintWholeInput(input, only.name, only.type, issues, before);
    return issues.length === before ? { kind: "input" } : undefined;
  }
  const asRecord: WitType = { kind: "record", fields: params };
  if (input.kind !== "record") {
    issues.push({
      code: "COMPONENT_TYPE_MISMATCH",
      path: "input",
      expected: formatValueType(input),
      actual: formatWitType(asRecord),
      message: `the function takes ${params.length} parameters (${params.map((p) => p.name).join(", ")}): the input must be a record of them, in order`,
    });
    return undefined;
  }
  compareFields(input.fields, params, "input", issues, {
    expected: formatValueType(input),
    actual: formatWitType(asRecord),
    noun: "parameter",
  });
  return issues.length === before ? { kind: "fields", fields: input.fields.map((f) => f.name) } : undefined;
}

// A one-field record around the one parameter is the likeliest slip: say what to declare instead.
function hintWholeInput(input: ValueType, name: string, type: WitType, issues: Issue[], at: number): void {
  const first = issues[at];
  if (input.kind !== "record" || input.fields.length !== 1 || first === undefined || first.path !== "input") return;
  const field = input.fields[0];
  if (field === undefined || !fieldNameMatches(field.name, name)) return;
  const mapped = witToValueType(type, "input");
  const declare = "type" in mapped ? `; declare input as ${formatValueType(mapped.type)}` : "";
  issues[at] = {
    ...first,
    message: `${first.message} (the function's one parameter, ${name}, is the whole input, not a field of it${declare})`,
  };
}

function checkResult(func: WitFunction, task: ComponentTaskSignature, issues: Issue[]): ComponentResult | undefined {
  const output = task.outputType;
  const result = func.result;
  if (result === undefined) {
    issues.push({
      code: "COMPONENT_SIGNATURE_UNSUPPORTED",
      path: "output",
      expected: "a function with a result",
      actual: formatWitFunction(func),
      message: "the function returns nothing, but a task always gives an output",
    });
    return undefined;
  }
  const direct: Issue[] = [];
  compareTypes(output, result, "output", direct);
  if (direct.length === 0) return { kind: "value" };
  if (result.kind !== "result" || output.kind === "result") {
    issues.push(...direct);
    return undefined;
  }
  if (result.ok === undefined) {
    const actual = formatWitType(result);
    issues.push({
      code: "COMPONENT_TYPE_MISMATCH",
      path: "output",
      expected: formatValueType(output),
      actual,
      message: `the function returns ${actual}, whose ok side carries nothing: declare output as ${actual} to take it whole`,
    });
    return undefined;
  }
  // `result<T, E>` against an output of T: the ok value is the output, an err fails the call.
  const okSide: Issue[] = [];
  compareTypes(output, result.ok, "output", okSide);
  if (okSide.length > 0) {
    issues.push(
      ...okSide.map((issue) => ({ ...issue, message: `${issue.message} (the ok side of ${formatWitType(result)})` })),
    );
    return undefined;
  }
  if (result.err === undefined) return { kind: "ok" };
  const error = witToValueType(result.err, `exports.${task.export}.result.err`);
  if ("issues" in error) {
    issues.push(
      ...error.issues.map((issue) => ({
        ...issue,
        message: `${issue.message} (the error an err result fails the call with)`,
      })),
    );
    return undefined;
  }
  return { kind: "ok", error: error.type };
}
