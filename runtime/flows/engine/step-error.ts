import { WasmflowError } from "../../errors/index.js";
import type { LogRecord } from "../../sandbox/runner-types.js";
import type { StepError } from "./events.js";

/**
 * A thrown error as a step's recorded error. Logs a failed call carried in its details are split
 * off (attempts keep logs in their own column); anything that is not a WasmflowError is a bug of
 * ours and is recorded as `INTERNAL` rather than lost.
 */
export function toStepError(error: unknown): { error: StepError; logs: readonly LogRecord[] } {
  if (error instanceof WasmflowError) {
    const { logs, droppedLogs: _dropped, task: _task, ...details } = error.details as Record<string, unknown>;
    const stepError: StepError =
      Object.keys(details).length > 0
        ? { code: error.code, message: error.message, details }
        : { code: error.code, message: error.message };
    return { error: stepError, logs: Array.isArray(logs) ? (logs as LogRecord[]) : [] };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { error: { code: "INTERNAL", message }, logs: [] };
}
