import { type Issue, isErrorCode, WasmflowError } from "../errors/index.js";

/**
 * A server's refusal, rebuilt as the error the library would have thrown: the same `code`,
 * message, issues and details, so a caller (the CLI) handles both alike. The HTTP status is kept
 * in `details.status`.
 */
export async function errorOfResponse(response: Response): Promise<WasmflowError> {
  const text = await response.text().catch(() => "");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = (body as { error?: unknown } | undefined)?.error;
  if (typeof error === "object" && error !== null) {
    const { code, message, issues, details } = error as Record<string, unknown>;
    if (typeof code === "string" && typeof message === "string") {
      // A code from a newer server than this client is kept in the message, as INTERNAL.
      const known = isErrorCode(code);
      return new WasmflowError(known ? code : "INTERNAL", known ? message : `[${code}] ${message}`, {
        issues: Array.isArray(issues) ? (issues as Issue[]) : [],
        details: { ...(typeof details === "object" && details !== null ? details : {}), status: response.status },
      });
    }
  }
  return new WasmflowError(
    "SERVER_RESPONSE_INVALID",
    `the server answered HTTP ${response.status} without a wasmflow error: ${text.slice(0, 200) || "(no body)"}`,
    { details: { status: response.status } },
  );
}

/** Why no answer came: the server is down, the address wrong, or the connection dropped. */
export function unreachable(url: string, cause: unknown): WasmflowError {
  const reason =
    cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
  return new WasmflowError("SERVER_UNREACHABLE", `could not reach the wasmflow server at ${url}: ${reason}`, {
    cause,
    details: { url },
  });
}
