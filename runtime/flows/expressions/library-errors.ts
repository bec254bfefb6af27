import { TypeError as CelTypeError, EvaluationError, ParseError } from "@marcbachmann/cel-js";
import { ExpressionError, type ExpressionErrorCode } from "./errors.js";
import { IntegerOverflow } from "./from-cel.js";
import { expressionHint } from "./hints.js";
import { ShapeMismatch } from "./to-cel.js";

type Phase = "compile" | "evaluate";

/**
 * Our error for anything the library (or the conversion around it) threw. The library's own
 * errors keep their code as `reason` and their range as position; anything else (a stack
 * overflow, a JSON.parse error inside `bytes.json()`) still becomes one of our three codes.
 */
export function toExpressionError(error: unknown, expression: string, phase: Phase): ExpressionError {
  if (error instanceof ExpressionError) return error;
  if (error instanceof ShapeMismatch) {
    const message = `${error.path}: expected ${error.expected}, got ${error.actual}`;
    return new ExpressionError("CONDITION_ERROR", `${verb("CONDITION_ERROR")} "${clip(expression)}": ${message}`, {
      expression,
      reason: "wrong_type",
    });
  }
  if (error instanceof IntegerOverflow) {
    return new ExpressionError(
      "CONDITION_ERROR",
      `${verb("CONDITION_ERROR")} "${clip(expression)}": integer overflow: ${error.value}`,
      { expression, reason: "numeric_overflow" },
    );
  }
  const library = libraryCode(error);
  if (library !== undefined) {
    const { start, end } = (error as { range?: { start: number; end: number } }).range ?? {};
    const summary = (error as { summary?: string }).summary ?? String((error as Error).message);
    const at = start === undefined ? "" : ` at position ${start}`;
    const reason = String((error as { code?: unknown }).code ?? "unknown");
    const hint = start === undefined ? undefined : expressionHint(reason, expression, start, end ?? start);
    return new ExpressionError(
      library,
      `${verb(library)} "${clip(expression)}"${at}: ${summary}${hint === undefined ? "" : `; ${hint}`}`,
      {
        expression,
        reason,
        ...(start === undefined ? {} : { position: start }),
        ...(end === undefined ? {} : { end }),
      },
      { cause: error },
    );
  }
  const tooDeep = error instanceof RangeError && /call stack/i.test(error.message);
  const code: ExpressionErrorCode =
    phase === "evaluate" ? "CONDITION_ERROR" : tooDeep ? "EXPRESSION_SYNTAX" : "EXPRESSION_TYPE";
  const reason = tooDeep ? "too_deep" : "internal";
  const summary = tooDeep
    ? "the expression is too deeply nested"
    : error instanceof Error
      ? error.message
      : String(error);
  return new ExpressionError(
    code,
    `${verb(code)} "${clip(expression)}": ${summary}`,
    { expression, reason },
    { cause: error },
  );
}

function libraryCode(error: unknown): ExpressionErrorCode | undefined {
  if (error instanceof ParseError) return "EXPRESSION_SYNTAX";
  if (error instanceof CelTypeError) return "EXPRESSION_TYPE";
  if (error instanceof EvaluationError) return "CONDITION_ERROR";
  return undefined;
}

export function verb(code: ExpressionErrorCode): string {
  switch (code) {
    case "EXPRESSION_SYNTAX":
      return "cannot parse";
    case "EXPRESSION_TYPE":
      return "type error in";
    case "CONDITION_ERROR":
      return "evaluation failed for";
  }
}

/** The expression as quoted in a message: long texts are cut, the full text stays in `details`. */
export function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
