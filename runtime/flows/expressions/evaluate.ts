import type { ValueType } from "../../values/index.js";
import { readPath } from "./bare-path.js";
import { coerceTo } from "./coerce.js";
import { type CompiledExpression, internalsOf } from "./compile.js";
import { ExpressionError } from "./errors.js";
import { fromCel } from "./from-cel.js";
import { clip, toExpressionError, verb } from "./library-errors.js";
import { toCel } from "./to-cel.js";

/** What one step contributes to an evaluation: its output once it succeeded, its error once it failed. */
export interface StepActivation {
  readonly output?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

/** The values an expression runs on, in our value model (see `evaluate`). */
export interface Activation {
  readonly input?: unknown;
  readonly steps?: Readonly<Record<string, StepActivation | undefined>>;
}

/**
 * Runs a compiled expression. Values go in and come out in our model: integers as numbers, or
 * BigInt past 2^53; bytes as Uint8Array; records as plain objects; null for an absent option;
 * chars and enums as strings, tuples as arrays, flags as an object with every flag, variants and
 * results as `{tag, val}` (no `val` for a case that carries nothing).
 * Only what the expression reads is converted, and a step or field that is absent fails only if
 * it is read. Throws `CONDITION_ERROR` (with the expression and the library's message) when
 * evaluation fails: a missing field, division by zero, integer overflow, `.value()` of an absent
 * option, or a value that does not have its declared type.
 */
export function evaluate(compiled: CompiledExpression, activation: Activation): unknown {
  const internals = internalsOf(compiled);
  if ("reader" in internals) {
    try {
      return readPath(internals.reader, activation, compiled.text);
    } catch (error) {
      throw toExpressionError(error, compiled.text, "evaluate");
    }
  }
  const { run, environment } = internals;
  try {
    const context: Record<string, unknown> = Object.create(null);
    if (compiled.reads.input) context.input = toCel(environment.input, activation.input, "input");
    context.steps = toCel(environment.steps, activation.steps ?? {}, "steps");
    return fromCel(run(context));
  } catch (error) {
    throw toExpressionError(error, compiled.text, "evaluate");
  }
}

/** Runs a condition: its result must be a bool, anything else is a `CONDITION_ERROR`, never false. */
export function evaluateCondition(compiled: CompiledExpression, activation: Activation): boolean {
  const result = evaluate(compiled, activation);
  if (typeof result === "boolean") return result;
  const actual = result === null ? "null" : typeof result;
  throw new ExpressionError(
    "CONDITION_ERROR",
    `${verb("CONDITION_ERROR")} "${clip(compiled.text)}": a condition must give a bool, it gave ${actual}`,
    { expression: compiled.text, reason: "not_bool" },
  );
}

/**
 * Runs an expression and converts its result to `target` (see `coerceTo`): the value of a mapped
 * field. `path` names the field in what a refusal reports (`steps.draw.input.shape`; `value` unless given).
 */
export function evaluateAs(
  compiled: CompiledExpression,
  activation: Activation,
  target: ValueType,
  path?: string,
): unknown {
  return coerceTo(evaluate(compiled, activation), target, {
    expression: compiled.text,
    ...(path === undefined ? {} : { path }),
  });
}
