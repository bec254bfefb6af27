import { cancelledError } from "./events.js";
import type { FlowPlan, PlannedStep } from "./plan.js";
import type { RunJournal } from "./run-journal.js";
import type { RunState } from "./run-state.js";

/**
 * Records a step the cancel caught running: its call stopped (`attempt`, the attempt recorded
 * cancelled as it stood), or waiting to retry after a failed attempt (no call in flight).
 */
export function cancelRunningStep(
  run: RunState,
  journal: RunJournal,
  planned: PlannedStep,
  attempt: number | undefined,
  durationMs: number,
): void {
  const state = run.of(planned.id);
  run.settle(planned, "cancelled");
  if (attempt === undefined) {
    const reason = "the run was cancelled while this step waited to retry";
    journal.stepSettled(planned.id, state.attempts, { status: "cancelled", reason });
    return;
  }
  state.error = cancelledError;
  journal.attemptFinished(planned.id, attempt, { status: "cancelled", error: cancelledError, logs: [], durationMs });
  journal.stepSettled(planned.id, state.attempts, { status: "cancelled", attempt });
}

/**
 * Records every step of a run being cancelled at once that is running: with its call stopped as
 * it stands (`inFlight`: the attempt and when it started), or waiting to retry.
 */
export function cancelRunningSteps(
  run: RunState,
  journal: RunJournal,
  plan: FlowPlan,
  inFlight: ReadonlyMap<string, { readonly attempt: number; readonly startedAt: number }>,
): void {
  const now = performance.now();
  for (const planned of plan.order) {
    if (run.of(planned.id).status !== "running") continue;
    const call = inFlight.get(planned.id);
    cancelRunningStep(run, journal, planned, call?.attempt, call === undefined ? 0 : now - call.startedAt);
  }
}

/** Every step still pending when the run ends cancelled never ran (or never ran again): it is cancelled too. */
export function cancelPendingSteps(run: RunState, journal: RunJournal, plan: FlowPlan): void {
  for (const planned of plan.order) {
    const state = run.of(planned.id);
    if (state.status !== "pending") continue;
    state.status = "cancelled";
    const reason = run.leftRunning.has(planned.id)
      ? "the run was cancelled before this step could run again"
      : "the run was cancelled before this step started";
    journal.stepSettled(planned.id, state.attempts, { status: "cancelled", reason });
  }
}
