import type { AttemptEnd, AttemptStart, RunRecords } from "../../store/index.js";

/**
 * The rows of one attempt, written as late as the group commit allows. A call starts while its
 * start is being committed and often finishes before that commit runs (the commit waits for the
 * end of the event-loop turn); then its start and its end are written as one row instead of an
 * insert, a "running" step row and an update. What a commit leaves in the store is the same
 * either way: a finished attempt, or a running one with its step marked running.
 */
export class AttemptRecord {
  private started = false;
  private ended = false;

  constructor(
    private readonly records: RunRecords,
    private readonly start: AttemptStart,
  ) {}

  /** The write of the start: nothing when the attempt has ended by the time it commits — the end's write, in the same commit and after this one, records it whole. */
  startWrite(): () => void {
    return () => {
      if (this.ended) return;
      this.records.startAttempt(this.start);
      this.started = true;
    };
  }

  /**
   * The write of the end, made when the attempt ends. `settles`: the same batch settles the step,
   * so a step row marked running is not needed for an attempt whose start was not written.
   */
  endWrite(end: AttemptEnd, settles: boolean): () => void {
    this.ended = true;
    const { run_id, step_id, attempt } = this.start;
    return () => {
      if (this.started) {
        this.records.finishAttempt({ run_id, step_id, attempt, ...end });
      } else if (settles) {
        this.records.insertFinishedAttempt({ ...this.start, ...end });
      } else {
        this.records.startAttempt(this.start);
        this.records.finishAttempt({ run_id, step_id, attempt, ...end });
      }
    };
  }
}
