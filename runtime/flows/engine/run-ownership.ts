import { RunNotFoundError, RunNotResumableError } from "../../errors/index.js";
import type { RunRow, RunStore, Store } from "../../store/index.js";
import { Liveness } from "./liveness.js";
import { parseOwner } from "./owner.js";
import { type FlowRunResult, resultOfRow } from "./run-results.js";

const cancelPollMs = 200;
const waitPollMs = 50;

/** What ownership needs of the engine: which runs it executes, and how to stop one. */
export interface OwnedRuns {
  readonly executing: (id: string) => boolean;
  readonly cancel: (id: string) => void;
}

/**
 * Runs across processes: this engine's owner id (claimed before it writes it on any run), whether
 * another owner is alive, cancel requests through the store (recorded here, polled for runs
 * executed here), and waiting for a run another process executes.
 */
export class RunOwnership {
  private readonly liveness: Liveness;
  private cancelPoller: NodeJS.Timeout | undefined;

  constructor(
    store: Store,
    private readonly runs: RunStore,
    private readonly owned: OwnedRuns,
  ) {
    this.liveness = new Liveness(store);
  }

  /** The owner id this engine writes on the runs it executes (see `Liveness.claim`). */
  claim(): string {
    return this.liveness.claim(this.owned.executing);
  }

  /**
   * A `running` run is interrupted when its owner is gone — its process died, or its engine closed
   * — or when its engine is alive but no longer executing it.
   */
  isInterrupted(owner: string | null, id: string): boolean {
    return !this.liveness.executes(owner, id);
  }

  /** Why a run a live engine executes cannot be resumed: where it runs, and under which owner. */
  stillRunning(row: RunRow): RunNotResumableError {
    const owner = row.owner as string;
    const pid = parseOwner(owner)?.pid;
    const where =
      owner === this.liveness.owner
        ? "in this process, by this runtime"
        : pid === process.pid
          ? `in this process, by another runtime (owner ${owner})`
          : `in process ${pid}, which is alive (owner ${owner})`;
    return new RunNotResumableError(row.id, "running", `it is running ${where}, not interrupted`, {
      owner,
      ...(pid === undefined ? {} : { pid }),
    });
  }

  /**
   * A run asked to cancel has that request committed at once: if the process dies before the run
   * is recorded cancelled, the run is settled cancelled when next touched, never resumed.
   */
  recordCancelRequest(id: string): void {
    try {
      this.requestCancel(id);
    } catch {
      // The store is busy or closing: the cancel goes ahead in this process all the same.
    }
  }

  /** Asks the process that executes a run to cancel it; false if the run was not running. */
  requestCancel(id: string): boolean {
    return this.runs.transaction(() => this.runs.requestCancel(id, new Date().toISOString()));
  }

  /** Polls the store for cancel requests of runs executed here, while there are any. */
  watchCancels(): void {
    if (this.cancelPoller !== undefined) return;
    this.cancelPoller = setInterval(() => {
      try {
        const owner = this.liveness.owner;
        if (owner === undefined) return;
        for (const id of this.runs.cancelRequestsFor(owner)) this.owned.cancel(id);
      } catch {
        // The store may be busy or closing; the next tick asks again.
      }
    }, cancelPollMs);
    this.cancelPoller.unref();
  }

  unwatchCancels(): void {
    if (this.cancelPoller !== undefined) clearInterval(this.cancelPoller);
    this.cancelPoller = undefined;
  }

  /** The run as the store has it once it is no longer running here or elsewhere, or when `waitMs` ran out. */
  async waitFor(id: string, reused: boolean, waitMs = Number.POSITIVE_INFINITY): Promise<FlowRunResult> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const read = this.runs.run(id);
      if (read === undefined) throw new RunNotFoundError(id);
      let row = read;
      let interrupted = false;
      if (row.status === "running" && this.isInterrupted(row.owner, id)) {
        // The owner records the run's end before it lets go: one that ended between the read and
        // the check looks gone with the run still running. Read again, after the check: a run
        // still running now is interrupted indeed.
        row = this.runs.run(id) ?? read;
        interrupted = row.status === "running";
      }
      if (row.status !== "running" || interrupted || Date.now() >= deadline) {
        return resultOfRow(row, reused, interrupted);
      }
      await new Promise((resolve) => setTimeout(resolve, waitPollMs));
    }
  }

  /** Gives up ownership: a run left `running` is interrupted from then on, for any process to resume. */
  close(): void {
    this.unwatchCancels();
    this.liveness.close();
  }
}
