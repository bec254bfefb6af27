import type { RunOutcome } from "./run-journal.js";

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
