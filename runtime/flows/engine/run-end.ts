import type { RunError } from "./events.js";
import type { FlowPlan } from "./plan.js";
import type { RunJournal, RunOutcome } from "./run-journal.js";
import type { RunState } from "./run-state.js";
import { cancelPendingSteps } from "./step-cancel.js";
import { runOutcome } from "./step-values.js";

/**
 * Decides how a run with nothing left running ended, and records it: a cancelled run's steps that
 * never started are cancelled, steps a dead process left running that will not run again are
 * recorded as not run, then the run's end.
 */
export function recordRunEnd(
  plan: FlowPlan,
  run: RunState,
  journal: RunJournal,
  cancelled: boolean,
  failure: RunError | undefined,
): RunOutcome {
  const outcome = runOutcome(plan, run.activation(), cancelled, failure);
  if (outcome.status === "cancelled") cancelPendingSteps(run, journal, plan);
  for (const id of run.notRunAgain()) {
    journal.stepAbandoned(id, run.of(id).attempts, "the run failed before this step could run again");
  }
  journal.runFinished(outcome);
  return outcome;
}

/**
 * How the caller of a run hears of its end: the outcome, or the error that abandoned it. Once
 * broken (or closed by a cancel that recorded the end itself), the run writes and emits nothing
 * more: whatever its calls still bring is dropped.
 */
export class RunEnd {
  readonly done: Promise<RunOutcome>;
  broken = false;
  brokenBy: unknown;
  private resolveDone!: (outcome: RunOutcome) => void;
  private rejectDone!: (error: unknown) => void;

  constructor() {
    this.done = new Promise<RunOutcome>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
  }

  resolve(outcome: RunOutcome): void {
    this.resolveDone(outcome);
  }

  /** The run ended with `outcome`, recorded already: nothing after this is written. */
  closeWith(outcome: RunOutcome): void {
    this.broken = true;
    this.resolveDone(outcome);
  }

  /** Abandons the run with `error`; true the first time, false if it was already over. */
  breakDown(error: unknown): boolean {
    if (this.broken) return false;
    this.broken = true;
    this.brokenBy = error;
    this.rejectDone(error);
    return true;
  }
}
