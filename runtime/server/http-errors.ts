import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type ErrorCode, type Issue, WasmflowError } from "../index.js";

/** The one error shape of the API, the CLI's `--json` error: `{"error": {code, message, issues, details}}`. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly issues: readonly Issue[];
    readonly details: Readonly<Record<string, unknown>>;
  };
}

/** Codes answered with a status other than their kind's (400 for what the caller must fix, 500 otherwise). */
const statusByCode: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  TASK_NOT_FOUND: 404,
  FLOW_NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  IDEMPOTENCY_CONFLICT: 409,
  RUN_NOT_RESUMABLE: 409,
  RUN_FINISHED: 409,
  REQUEST_TOO_LARGE: 413,
  INPUT_TOO_LARGE: 413,
  FILE_TOO_LARGE: 413,
  DEFINITION_INVALID: 422,
  VALUE_TYPE_INVALID: 422,
  MODULE_MALFORMED: 422,
  MODULE_PATH_INVALID: 422,
  TASK_INVALID: 422,
  TASKS_INVALID: 422,
  EXPRESSION_SYNTAX: 422,
  EXPRESSION_TYPE: 422,
  // A call that ran and failed: the request was understood, the task could not process its input.
  TRAP: 422,
  GUEST_ABORT: 422,
  TASK_FAILED: 422,
  TIMEOUT: 422,
  MEMORY_LIMIT: 422,
  OUTPUT_INVALID: 422,
  OUTPUT_TOO_LARGE: 422,
  GUEST_PROTOCOL_ERROR: 422,
  CONDITION_ERROR: 422,
  QUEUE_FULL: 429,
  STREAMS_FULL: 429,
  REQUEST_TIMEOUT: 408,
  STORE_BUSY: 503,
  STORE_FULL: 503,
  STORE_READONLY: 503,
};

/** The HTTP status an error code answers with. */
export function statusOf(error: WasmflowError): ContentfulStatusCode {
  return statusByCode[error.code] ?? (error.category === "invalid" ? 400 : 500);
}

/** The response for anything a handler threw: a typed error as itself, anything else as INTERNAL. */
export function errorResponse(c: Context, error: unknown): Response {
  if (error instanceof WasmflowError) {
    if (error.code === "QUEUE_FULL" || error.code === "STREAMS_FULL") c.header("Retry-After", "1");
    return c.json(bodyOf(error.code, error.message, error.issues, error.details), statusOf(error));
  }
  // A bug of ours: the client learns that much, never the stack.
  return c.json(bodyOf("INTERNAL", "unexpected error, a bug in wasmflow: see the server's log", [], {}), 500);
}

export function bodyOf(
  code: ErrorCode,
  message: string,
  issues: readonly Issue[] = [],
  details: Readonly<Record<string, unknown>> = {},
): ErrorBody {
  return { error: { code, message, issues, details } };
}
