import type { CommitSource } from "./group-commit.js";
import type { AttemptRow, EventRow, RunRow, StepRow } from "./run-records.js";
import type { RunWrite } from "./run-writes.js";

/**
 * What the flow engine needs of a store for runs: batched commits of its writes, one-off
 * transactions (a claim, a cancel, an idempotency check), the reads that resume and answer runs,
 * and the history. SQLite implements it (`SqliteRunStore`); a second backend implements the same
 * interface and passes the same contract tests. Reads are synchronous here because SQLite's are;
 * an asynchronous backend would make the engine's read paths await them.
 */
export interface RunStore {
  /**
   * Enlists a run's journal for the next group commit, shared with every run that has writes
   * waiting: the commit takes its writes when it runs, and tells it once they are durable, or that
   * the store refused them (nothing of them was written).
   */
  submit(source: CommitSource<RunWrite>): void;
  /** Resolves once everything submitted until now is committed. */
  committed(): Promise<void>;
  /** Commits everything submitted so far at once, synchronously: for a process about to exit. */
  flushNow(): void;
  /**
   * Runs `fn` in one transaction taken up front, with `apply` to write: reads inside it see what
   * no other process can change before it commits.
   */
  transaction<T>(fn: (apply: (write: RunWrite) => void) => T): T;

  run(id: string): RunRow | undefined;
  runByKey(flow: string, key: string): RunRow | undefined;
  /** Runs still marked running, oldest first, with their owner. */
  running(): { id: string; flow_name: string; owner: string | null }[];
  steps(runId: string): StepRow[];
  attempts(runId: string): AttemptRow[];

  /** The rows holding the run's events after `afterSeq` (the first may hold earlier ones too), in order, at most `limit` rows. */
  events(runId: string, afterSeq: number, limit: number): EventRow[];
  /** The sequence number of the run's last event; 0 when it has none. */
  lastSeq(runId: string): number;
  /** History rows of every run (or one flow's) from position `fromPos` on, in commit order, at most `limit`. */
  feed(fromPos: number, flow: string | undefined, limit: number): EventRow[];
  /** The position of the last history row; 0 when there is none. */
  feedEnd(): number;
  /**
   * A stamp that changes whenever a run's history may have grown, in this process or another
   * (for followers: they read again only when it moved).
   */
  historyStamp(): string;

  /** Takes over a running run only if its owner is still the one the caller saw. */
  claim(id: string, seenOwner: string | null, owner: string, at: string): boolean;
  requestCancel(id: string, at: string): boolean;
  /** Runs this owner executes that another process asked to cancel. */
  cancelRequestsFor(owner: string): string[];
}
