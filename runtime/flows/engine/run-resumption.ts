import { RunNotFoundError, RunNotResumableError, WasmflowError } from "../../errors/index.js";
import type { RunRow, RunStore } from "../../store/index.js";
import type { FlowEvent } from "./events.js";
import type { FlowRun } from "./flow-engine.js";
import { cancelInterruptedRun, stepIdsOf } from "./interrupted-cancel.js";
import { loadStepStates } from "./resume-state.js";
import type { RunOwnership } from "./run-ownership.js";

/** What `resumeEach` answers for one id: the run resumed, or why it was not. */
export type ResumeAnswer =
  | { readonly id: string; readonly run: FlowRun }
  | { readonly id: string; readonly error: WasmflowError };

type Events = { readonly onEvent?: (event: FlowEvent) => void };

/** Executes a claimed run from the states it had reached. */
export type Relaunch = (row: RunRow, loaded: ReturnType<typeof loadStepStates>, options: Events) => FlowRun;

/** Continues interrupted runs: checks each, claims it from its dead owner, and hands it to the engine. */
export class RunResumption {
  constructor(
    private readonly runs: RunStore,
    private readonly ownership: RunOwnership,
    private readonly relaunch: Relaunch,
  ) {}

  /**
   * Continues interrupted runs from their committed steps: the given ones, or every run whose
   * process is gone. Completed steps are not run again; a step that was running when its process
   * died runs again under its next attempt number. With ids, every one is checked before any is
   * resumed: one that cannot be resumed throws its error and none is resumed. A run that passes
   * its check but is not resumed after all (another process claimed it in between, a pinned task
   * is gone) is left out of the list; `resumeEach` says why for each.
   */
  resume(ids: readonly string[] | undefined, options: Events): FlowRun[] {
    if (ids !== undefined) {
      for (const id of ids) {
        const checked = this.resumable(id);
        if (checked instanceof WasmflowError) throw checked;
      }
    }
    const chosen =
      ids ??
      this.runs
        .running()
        .filter((row) => this.ownership.isInterrupted(row.owner, row.id))
        .map((row) => row.id);
    return this.resumeEach(chosen, options).flatMap((answer) => ("run" in answer ? [answer.run] : []));
  }

  /**
   * Resumes each run given, answering each on its own: the run resumed, or why not —
   * `RUN_NOT_FOUND`, or `RUN_NOT_RESUMABLE` (it finished, a live process executes it, or it was
   * asked to cancel before its process died and is now recorded cancelled). An id given twice is
   * answered once.
   */
  resumeEach(ids: readonly string[], options: Events): ResumeAnswer[] {
    return [...new Set(ids)].map((id): ResumeAnswer => {
      const checked = this.resumable(id);
      if (checked instanceof WasmflowError) return { id, error: checked };
      try {
        const resumed = this.resumeOne(checked, options);
        return resumed instanceof WasmflowError ? { id, error: resumed } : { id, run: resumed };
      } catch (error) {
        // A pinned task that is gone, say: this run stays interrupted; the others are not held up.
        if (error instanceof WasmflowError) return { id, error };
        throw error;
      }
    });
  }

  /** The run, if it is interrupted; otherwise why it cannot be resumed. */
  private resumable(id: string): RunRow | WasmflowError {
    const row = this.runs.run(id);
    if (row === undefined) return new RunNotFoundError(id);
    if (row.status !== "running") return new RunNotResumableError(id, row.status, `it has finished (${row.status})`);
    if (!this.ownership.isInterrupted(row.owner, row.id)) return this.ownership.stillRunning(row);
    return row;
  }

  private resumeOne(row: RunRow, options: Events): FlowRun | RunNotResumableError {
    const owner = this.ownership.claim();
    const now = new Date().toISOString();
    const claimed = this.runs.transaction((apply) => {
      if (!this.runs.claim(row.id, row.owner, owner, now)) return "lost";
      if (row.cancel_requested === 1) {
        cancelInterruptedRun(this.runs, apply, row, stepIdsOf(row.definition));
        return "cancelled";
      }
      apply({ kind: "interrupt-attempts", runId: row.id, at: now });
      return "claimed";
    });
    if (claimed === "lost") {
      return new RunNotResumableError(row.id, "running", "another process resumed or cancelled it first");
    }
    if (claimed === "cancelled") {
      return new RunNotResumableError(
        row.id,
        "cancelled",
        "it was asked to cancel before its process died, and is now recorded cancelled",
      );
    }
    const states = loadStepStates(this.runs.steps(row.id), this.runs.attempts(row.id));
    // The claim is committed: the run is ours whatever becomes of its first commit, whose failure
    // `result` reports.
    return this.relaunch(row, states, options);
  }
}
