import { type Issue, WasmflowError } from "../../errors/index.js";

/**
 * Why an expression was refused or failed. Stable: scripts match on these.
 * - `EXPRESSION_SYNTAX`: the text does not parse, or is longer or nests deeper than the limits allow.
 * - `EXPRESSION_TYPE`: the expression parses but does not type-check against the declared scope
 *   (unknown variable or field, operator applied to the wrong types, unsupported function).
 * - `CONDITION_ERROR`: evaluation failed at run time (missing field, division by zero, an absent
 *   option read with `.value()`, a condition that is not a bool, a result outside its target type).
 */
export type ExpressionErrorCode = "EXPRESSION_SYNTAX" | "EXPRESSION_TYPE" | "CONDITION_ERROR";

/** What every expression error carries besides its message. */
export interface ExpressionErrorDetails {
  /** The expression text, as written in the flow. */
  readonly expression: string;
  /** Offset of the offending part in `expression`, when known. */
  readonly position?: number;
  /** Offset just past the offending part, when known. */
  readonly end?: number;
  /** A finer, stable reason, e.g. `unexpected_token`, `no_such_key`, `too_long`, `division_by_zero`. */
  readonly reason: string;
}

/** Thrown when an expression cannot be compiled or fails while it runs; `code` says which. */
export class ExpressionError extends WasmflowError {
  static override readonly brand = "wasmflow.ExpressionError";
  override readonly code: ExpressionErrorCode;
  readonly expression: string;
  readonly position: number | undefined;

  constructor(
    code: ExpressionErrorCode,
    message: string,
    details: ExpressionErrorDetails,
    options: { cause?: unknown; issues?: readonly Issue[] } = {},
  ) {
    super(code, message, { ...options, details: { ...details } });
    this.code = code;
    this.expression = details.expression;
    this.position = details.position;
  }
}
