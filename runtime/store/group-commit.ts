interface Entry<W> {
  readonly writes: readonly W[];
  readonly afterCommit: () => void;
  readonly fail: (error: unknown) => void;
}

/**
 * Commits the writes of many runs in one transaction. Runs hand in their writes with what to do
 * once they are durable (emit events, call the next steps); writes that arrive before the next
 * turn of the event loop share one commit, so a busy engine pays for one commit per turn instead
 * of one per step. Nothing waiting on a write happens before its commit: the guarantee each run
 * relies on for crash recovery is unchanged.
 */
export class GroupCommit<W> {
  private pending: Entry<W>[] = [];
  private scheduled = false;

  /** `transaction` applies writes in one transaction, all or none. */
  constructor(private readonly transaction: (writes: (apply: (write: W) => void) => void) => void) {}

  submit(writes: readonly W[], afterCommit: () => void, fail: (error: unknown) => void): void {
    this.pending.push({ writes, afterCommit, fail });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /**
   * Resolves once everything submitted until now is committed (at once if nothing waits). A
   * call starts while its start is being committed and may answer first: its answer is handled
   * after this, so the store never runs ahead of the events that describe it.
   */
  committed(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      // A failed commit breaks down the run through its own entry; this only waits for it.
      this.pending.push({ writes: [], afterCommit: resolve, fail: () => resolve() });
    });
  }

  /** Commits everything submitted so far, now, instead of on the next turn: for a process about to exit. */
  flushNow(): void {
    this.flush();
  }

  private flush(): void {
    this.scheduled = false;
    const entries = this.pending;
    if (entries.length === 0) return;
    this.pending = [];
    let committed: readonly Entry<W>[] = entries;
    try {
      this.transaction((apply) => {
        for (const entry of entries) for (const write of entry.writes) apply(write);
      });
    } catch {
      // One run's write failed and rolled back the others: commit each on its own, so only the
      // run whose write fails breaks down.
      committed = entries.filter((entry) => {
        try {
          this.transaction((apply) => {
            for (const write of entry.writes) apply(write);
          });
          return true;
        } catch (error) {
          entry.fail(error);
          return false;
        }
      });
    }
    for (const entry of committed) {
      try {
        entry.afterCommit();
      } catch (error) {
        entry.fail(error);
      }
    }
  }
}
