import { type ComponentBinding, checkComponent, fromJcoValue, toJcoValue } from "../components/index.js";
import { type Issue, TaskRunError } from "../errors/index.js";
import { componentImportAllowList, type TaskDefinition } from "../tasks/index.js";
import { checkValue, compileValueCodec, type ValueCodec, type ValueType } from "../values/index.js";
import type { ComponentEntry, SerializedRunError } from "./protocol.js";

/**
 * What a component task's calls share on the host. Values cross as JavaScript values in jco's
 * shape (structured clone carries BigInt, typed arrays and `undefined`): converted here from ours
 * before the call and back after it, so the worker knows nothing of value types.
 */
export interface ComponentCodec {
  readonly kind: "component";
  /** Checks and sizes the input (its MessagePack encoding is what `limits.maxInputBytes` bounds, as for sdk tasks). */
  readonly values: ValueCodec;
  readonly json: ValueCodec;
  /** Sizes the output: its MessagePack encoding is what `limits.maxOutputBytes` bounds. */
  readonly outputSize: ValueCodec;
  readonly inputType: ValueType;
  readonly outputType: ValueType;
  readonly binding: ComponentBinding;
  /** The `ComponentEntry` calls name, as JSON. */
  readonly entry: string;
  /** The err payload's JSON mapping, when an err fails the call and carries one. */
  readonly error?: ValueCodec;
}

/**
 * The codec of a registered component task. The binding is read again from the stored component
 * (a few milliseconds, once per plan): registration checked it, so a mismatch now means the
 * stored bytes are not what was registered.
 */
export function componentCodec(definition: TaskDefinition, bytes: () => Uint8Array): ComponentCodec {
  const { inputType, outputType } = definition;
  const checked = checkComponent(
    bytes(),
    { export: definition.export, inputType, outputType },
    { allowedImports: componentImportAllowList },
  );
  const binding = checked.binding;
  if (binding === undefined) {
    const first = checked.issues[0];
    throw new TaskRunError(
      "GUEST_PROTOCOL_ERROR",
      `the stored component no longer matches its definition: ${first?.message ?? "unreadable"}`,
      { reason: first?.message },
      undefined,
      checked.issues,
    );
  }
  const returnsResult = binding.function.result?.kind === "result";
  const entry: ComponentEntry = {
    path: binding.jcoPath,
    result: !returnsResult ? "none" : binding.result.kind === "ok" ? "fail" : "value",
  };
  const values = compileValueCodec(inputType, outputType);
  const errorType = binding.result.kind === "ok" ? binding.result.error : undefined;
  return {
    kind: "component",
    values,
    json: values,
    outputSize: compileValueCodec(outputType, outputType),
    inputType,
    outputType,
    binding,
    entry: JSON.stringify(entry),
    ...(errorType === undefined ? {} : { error: compileValueCodec(errorType, errorType) }),
  };
}

/**
 * The call's arguments in jco's shape: the whole input as the one argument, or the input record's
 * fields one per parameter. The input is checked against the declared type first (jco's bindings
 * coerce numbers, booleans and chars silently rather than refuse them).
 * @throws TaskRunError `INPUT_INVALID`, `INPUT_TOO_LARGE`.
 */
export function componentArgs(codec: ComponentCodec, value: unknown, maxInputBytes: number): unknown[] {
  codec.values.encodeInputView(value, maxInputBytes);
  const args = codec.binding.arguments;
  if (args.kind === "input") return [toJcoValue(codec.inputType, value)];
  const input = codec.inputType;
  if (input.kind !== "record") throw new Error("unreachable: a component's fields come from a record input");
  const record = value as Readonly<Record<string, unknown>>;
  return args.fields.map((name) => {
    const field = input.fields.find((f) => f.name === name);
    if (field === undefined) throw new Error(`unreachable: the input declares no field ${name}`);
    return toJcoValue(field.type, Object.hasOwn(record, name) ? record[name] : undefined);
  });
}

/**
 * The output in our shape, checked against the declared type.
 * @throws TaskRunError `OUTPUT_INVALID` (with the path), `OUTPUT_TOO_LARGE`.
 */
export function componentOutput(codec: ComponentCodec, raw: unknown, maxOutputBytes: number): unknown {
  let output: unknown;
  try {
    output = fromJcoValue(codec.outputType, raw);
  } catch (error) {
    throw invalidOutput([{ code: "INVALID_TYPE", path: "output", message: String(error) }], error);
  }
  const issues = checkValue(codec.outputType, output, "output");
  if (issues.length > 0) throw invalidOutput(issues);
  try {
    codec.outputSize.encodeInputView(output, maxOutputBytes);
  } catch (error) {
    if (error instanceof TaskRunError && error.code === "INPUT_TOO_LARGE") {
      throw new TaskRunError("OUTPUT_TOO_LARGE", error.message.replace("input", "output"), error.details);
    }
    throw error;
  }
  return output;
}

function invalidOutput(issues: readonly Issue[], cause?: unknown): TaskRunError {
  const first = issues[0];
  const path = first?.path ?? "output";
  return new TaskRunError(
    "OUTPUT_INVALID",
    `${path}: ${first?.message ?? "not of the declared type"}`,
    { path, expected: first?.expected, actual: first?.actual },
    cause,
    issues,
  );
}

/**
 * A failed call as the host reports it: an err the component returned carries its payload in
 * our JSON form (`details.payload`), a string payload also in the message.
 */
export function componentFailure(codec: ComponentCodec, error: SerializedRunError): SerializedRunError {
  if (error.code !== "TASK_FAILED") return error;
  const errorCodec = codec.error;
  const raw = error.details?.payload;
  if (errorCodec === undefined) return { ...error, details: {} };
  const payload = errorCodec.toJson(fromJcoValue(errorCodec.outputType, raw));
  const message =
    typeof payload === "string"
      ? `the component returned err: ${payload}`
      : `the component returned err: ${JSON.stringify(payload)}`;
  return { ...error, message, details: { payload } };
}
