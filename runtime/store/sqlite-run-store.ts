import { type CommitSource, GroupCommit } from "./group-commit.js";
import { type AttemptRow, type EventRow, RunRecords, type RunRow, type StepRow } from "./run-records.js";
import type { RunStore } from "./run-store.js";
import type { RunWrite } from "./run-writes.js";
import type { Store } from "./store.js";

/** The generation key writers bump when a history grows (see `Store.changeStamp`). */
const historyKey = "run-events";

/**
 * Runs in the embedded SQLite store. Writes are applied synchronously inside one immediate
 * transaction per group commit: the fast path that keeps persisted flows at thousands a second.
 */
export class SqliteRunStore implements RunStore {
  private readonly records: RunRecords;
  private readonly commits: GroupCommit<RunWrite>;

  constructor(private readonly store: Store) {
    this.records = new RunRecords(store);
    this.commits = new GroupCommit<RunWrite>((writes) => this.transaction(writes));
  }

  submit(source: CommitSource<RunWrite>): void {
    this.commits.submit(source);
  }

  committed(): Promise<void> {
    return this.commits.committed();
  }

  flushNow(): void {
    this.commits.flushNow();
  }

  transaction<T>(fn: (apply: (write: RunWrite) => void) => T): T {
    let appended = false;
    const result = this.store.write(() =>
      fn((write) => {
        if (write.kind === "append-events") appended = true;
        this.apply(write);
      }),
    );
    if (appended) this.store.bump(historyKey);
    return result;
  }

  private apply(write: RunWrite): void {
    switch (write.kind) {
      case "insert-run":
        this.records.insertRun(write.row);
        return;
      case "insert-attempt":
        this.records.insertAttempt(write.row);
        return;
      case "finish-attempt":
        this.records.finishAttempt(write.row);
        return;
      case "put-step":
        this.records.putStep(write.row);
        return;
      case "interrupt-attempts":
        this.records.interruptAttempts(write.runId, write.at);
        return;
      case "finish-run":
        this.records.finishRun(write.runId, write.status, write.output, write.error, write.at);
        return;
      case "append-events":
        this.records.appendEvents(write.row);
        return;
    }
  }

  run(id: string): RunRow | undefined {
    return this.records.run(id);
  }

  runByKey(flow: string, key: string): RunRow | undefined {
    return this.records.runByKey(flow, key);
  }

  running(): { id: string; flow_name: string; owner: string | null }[] {
    return this.records.running();
  }

  steps(runId: string): StepRow[] {
    return this.records.steps(runId);
  }

  attempts(runId: string): AttemptRow[] {
    return this.records.attempts(runId);
  }

  events(runId: string, afterSeq: number, limit: number): EventRow[] {
    return this.records.events(runId, afterSeq, limit);
  }

  feed(fromPos: number, flow: string | undefined, limit: number): EventRow[] {
    return this.records.feed(fromPos, flow, limit);
  }

  feedEnd(): number {
    return this.records.feedEnd();
  }

  lastSeq(runId: string): number {
    return this.records.lastSeq(runId);
  }

  historyStamp(): string {
    return this.store.changeStamp(historyKey);
  }

  claim(id: string, seenOwner: string | null, owner: string, at: string): boolean {
    return this.records.claim(id, seenOwner, owner, at);
  }

  requestCancel(id: string, at: string): boolean {
    return this.records.requestCancel(id, at);
  }

  cancelRequestsFor(owner: string): string[] {
    return this.records.cancelRequestsFor(owner);
  }
}
