/** A writer with writes waiting for the next commit (a run's journal). */
export interface CommitSource<W> {
  /**
   * Everything the source has waiting, in order, handed over when the commit runs — so what a
   * source records between two commits is taken (and may be merged) at once — and what to do once
   * it is durable.
   */
  take(): { readonly writes: readonly W[]; readonly afterCommit: () => void };
  /** The store refused what `take` handed over: none of it was written. */
  fail(error: unknown): void;
}

/**
 * Commits the writes of many runs in one transaction. Runs enlist when they have writes waiting,
 * and the commit takes each one's writes when it runs, on the next turn of the event loop: a busy
 * engine pays for one commit per turn instead of one per step. Whoever waits on a write (events,
 * a run's result, a caller told the run started) is answered only after its commit: the guarantee
 * each run relies on for crash recovery is unchanged.
 */
export class GroupCommit<W> {
  private pending = new Set<CommitSource<W>>();
  private waiters: (() => void)[] = [];
  private scheduled = false;

  /** `transaction` applies writes in one transaction, all or none. */
  constructor(private readonly transaction: (writes: (apply: (write: W) => void) => void) => void) {}

  /** Enlists `source` for the next commit (once, however often it is called before it). */
  submit(source: CommitSource<W>): void {
    this.pending.add(source);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Resolves once everything submitted until now is committed (at once if nothing waits). */
  committed(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    // A failed commit breaks down its run through the run's own source: this only waits for it.
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Commits everything submitted so far, now, instead of on the next turn: for a process about to exit. */
  flushNow(): void {
    this.flush();
  }

  private flush(): void {
    this.scheduled = false;
    const sources = [...this.pending];
    const waiters = this.waiters;
    this.pending = new Set();
    this.waiters = [];
    const taken = sources.map((source) => ({ source, ...source.take() }));
    let committed: readonly (typeof taken)[number][] = taken;
    try {
      this.transaction((apply) => {
        for (const entry of taken) for (const write of entry.writes) apply(write);
      });
    } catch {
      // One run's write failed and rolled back the others: commit each on its own, so only the
      // run whose write fails breaks down.
      committed = taken.filter((entry) => {
        try {
          this.transaction((apply) => {
            for (const write of entry.writes) apply(write);
          });
          return true;
        } catch (error) {
          entry.source.fail(error);
          return false;
        }
      });
    }
    for (const entry of committed) {
      try {
        entry.afterCommit();
      } catch (error) {
        entry.source.fail(error);
      }
    }
    for (const resolve of waiters) resolve();
  }
}
