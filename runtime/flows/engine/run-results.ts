import { RunFinishedError } from "../../errors/index.js";
import type { RunRow } from "../../store/index.js";
import type { RunError } from "./events.js";
import { unpackValue } from "./persisted-values.js";
import type { RunOutcome } from "./run-journal.js";

export type FlowRunStatus = "running" | "succeeded" | "failed" | "cancelled" | "interrupted";

export interface FlowRunResult {
  readonly id: string;
  readonly flow: string;
  /** `interrupted`: its process died before it finished; `runs resume` continues it. */
  readonly status: FlowRunStatus;
  readonly output?: unknown;
  /** Why the run failed: the error of the step that caused it (`step`), or of the output mapping. */
  readonly error?: RunError;
  /** True when an idempotency key matched an existing run: nothing was executed for this request. */
  readonly reused: boolean;
}

/** The result of a run that ended here. */
export function resultOfOutcome(id: string, flow: string, outcome: RunOutcome): FlowRunResult {
  return outcome.status === "succeeded"
    ? { id, flow, status: "succeeded", output: outcome.output, reused: false }
    : { id, flow, status: outcome.status, error: outcome.error, reused: false };
}

/** The result of a run as the store has it. */
export function resultOfRow(row: RunRow, reused: boolean, interrupted = false): FlowRunResult {
  const base = { id: row.id, flow: row.flow_name, reused };
  if (row.status === "running") return { ...base, status: interrupted ? "interrupted" : "running" };
  if (row.status === "succeeded") return { ...base, status: "succeeded", output: unpackValue(row.output) };
  return { ...base, status: row.status, ...(row.error === null ? {} : { error: JSON.parse(row.error) as RunError }) };
}

/** A cancel that found its run succeeded or failed did not happen: that is an error, not a result. */
export function finishedUncancelled(result: FlowRunResult): FlowRunResult {
  if (result.status === "succeeded" || result.status === "failed") throw new RunFinishedError(result.id, result.status);
  return result;
}
