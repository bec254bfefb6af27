import type { AttemptRow, StepRow } from "../../store/index.js";
import type { StepError } from "./events.js";
import { unpackValue } from "./persisted-values.js";
import type { StepState } from "./run-execution.js";

/** The committed state of every step of a run, as an execution resumes from it. */
export function loadStepStates(steps: readonly StepRow[], attempts: readonly AttemptRow[]): Map<string, StepState> {
  const lastAttempt = new Map<string, number>();
  const failures = new Map<string, number>();
  for (const attempt of attempts) {
    lastAttempt.set(attempt.step_id, Math.max(lastAttempt.get(attempt.step_id) ?? 0, attempt.attempt));
    if (attempt.status === "failed") failures.set(attempt.step_id, (failures.get(attempt.step_id) ?? 0) + 1);
  }
  const states = new Map<string, StepState>();
  for (const row of steps) {
    states.set(row.step_id, {
      status: row.status,
      attempts: Math.max(row.attempts, lastAttempt.get(row.step_id) ?? 0),
      failures: failures.get(row.step_id) ?? 0,
      arm: row.arm ?? undefined,
      output: row.status === "succeeded" ? unpackValue(row.output) : undefined,
      error: row.error === null ? undefined : (JSON.parse(row.error) as StepError),
    });
  }
  return states;
}
