import {
  type AttemptRow,
  type CommitSource,
  type EventRow,
  GroupCommit,
  type RunRow,
  type RunStore,
  type RunWrite,
  type StepRow,
} from "../../../../runtime/store/index.js";

/**
 * The run store's interface kept in plain maps: what the engine's decisions are tested against
 * without SQLite, and a second implementation of the seam that must agree with SQLite row for row
 * (see `journal-backends.test.ts`). Writes are applied in group commits like SQLite's; a
 * transaction that throws leaves nothing behind.
 */
export class MemoryRunStore implements RunStore {
  readonly runs = new Map<string, RunRow>();
  readonly stepRows = new Map<string, Map<string, StepRow>>();
  readonly attemptRows = new Map<string, AttemptRow[]>();
  readonly eventRows = new Map<string, EventRow[]>();
  /** Every run's history rows in commit order, as the SQLite store numbers them. */
  private readonly feedRows: EventRow[] = [];
  private generation = 0;
  private readonly commits = new GroupCommit<RunWrite>((writes) => this.transaction(writes));

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
    const staged: RunWrite[] = [];
    const result = fn((write) => staged.push(write));
    for (const write of staged) this.apply(write);
    if (staged.some((write) => write.kind === "append-events")) this.generation += 1;
    return result;
  }

  private apply(write: RunWrite): void {
    switch (write.kind) {
      case "insert-run": {
        const { row } = write;
        if (this.runs.has(row.id)) throw new Error(`run ${row.id} exists`);
        this.runs.set(row.id, {
          ...row,
          status: "running",
          output: null,
          error: null,
          cancel_requested: 0,
          updated_at: row.created_at,
          finished_at: null,
        });
        return;
      }
      case "insert-attempt": {
        const { row } = write;
        const attempts = this.attemptsOf(row.run_id);
        if (attempts.some((a) => a.step_id === row.step_id && a.attempt === row.attempt)) {
          throw new Error(`attempt ${row.step_id}#${row.attempt} exists`);
        }
        attempts.push(row);
        return;
      }
      case "finish-attempt": {
        const { row } = write;
        const attempts = this.attemptsOf(row.run_id);
        const index = attempts.findIndex((a) => a.step_id === row.step_id && a.attempt === row.attempt);
        const found = attempts[index];
        if (found !== undefined) attempts[index] = { ...found, ...row };
        return;
      }
      case "put-step": {
        const { row } = write;
        const steps = this.stepsOf(row.run_id);
        const step = steps.get(row.step_id);
        steps.set(row.step_id, { ...row, started_at: step?.started_at ?? row.started_at });
        return;
      }
      case "interrupt-attempts": {
        const attempts = this.attemptsOf(write.runId);
        attempts.forEach((attempt, index) => {
          if (attempt.status === "running")
            attempts[index] = { ...attempt, status: "interrupted", finished_at: write.at };
        });
        return;
      }
      case "finish-run": {
        const run = this.runs.get(write.runId);
        if (run === undefined || run.status !== "running") return;
        this.runs.set(write.runId, {
          ...run,
          status: write.status,
          output: write.output,
          error: write.error,
          finished_at: write.at,
          updated_at: write.at,
        });
        return;
      }
      case "append-events": {
        const events = this.eventRows.get(write.row.run_id) ?? [];
        if (events.some((event) => event.seq === write.row.seq)) throw new Error(`event ${write.row.seq} exists`);
        const row = { ...write.row, pos: this.feedRows.length + 1 };
        events.push(row);
        this.feedRows.push(row);
        this.eventRows.set(write.row.run_id, events);
        return;
      }
    }
  }

  run(id: string): RunRow | undefined {
    return this.runs.get(id);
  }

  runByKey(flow: string, key: string): RunRow | undefined {
    return [...this.runs.values()].find((run) => run.flow_name === flow && run.idempotency_key === key);
  }

  running(): { id: string; flow_name: string; owner: string | null }[] {
    return [...this.runs.values()].filter((run) => run.status === "running");
  }

  steps(runId: string): StepRow[] {
    return [...this.stepsOf(runId).values()];
  }

  attempts(runId: string): AttemptRow[] {
    return [...this.attemptsOf(runId)];
  }

  events(runId: string, afterSeq: number, limit: number): EventRow[] {
    return (this.eventRows.get(runId) ?? []).filter((row) => row.last_seq > afterSeq).slice(0, limit);
  }

  feed(fromPos: number, flow: string | undefined, limit: number): EventRow[] {
    return this.feedRows
      .filter(
        (row) => (row.pos ?? 0) >= fromPos && (flow === undefined || this.runs.get(row.run_id)?.flow_name === flow),
      )
      .slice(0, limit);
  }

  feedEnd(): number {
    return this.feedRows.length;
  }

  lastSeq(runId: string): number {
    return (this.eventRows.get(runId) ?? []).reduce((last, row) => Math.max(last, row.last_seq), 0);
  }

  historyStamp(): string {
    return String(this.generation);
  }

  claim(id: string, seenOwner: string | null, owner: string, at: string): boolean {
    const run = this.runs.get(id);
    if (run === undefined || run.status !== "running" || run.owner !== seenOwner) return false;
    this.runs.set(id, { ...run, owner, updated_at: at });
    return true;
  }

  requestCancel(id: string, at: string): boolean {
    const run = this.runs.get(id);
    if (run === undefined || run.status !== "running") return false;
    this.runs.set(id, { ...run, cancel_requested: 1, updated_at: at });
    return true;
  }

  cancelRequestsFor(owner: string): string[] {
    return [...this.runs.values()]
      .filter((run) => run.status === "running" && run.cancel_requested === 1 && run.owner === owner)
      .map((run) => run.id);
  }

  private stepsOf(runId: string): Map<string, StepRow> {
    let steps = this.stepRows.get(runId);
    if (steps === undefined) {
      steps = new Map();
      this.stepRows.set(runId, steps);
    }
    return steps;
  }

  private attemptsOf(runId: string): AttemptRow[] {
    let attempts = this.attemptRows.get(runId);
    if (attempts === undefined) {
      attempts = [];
      this.attemptRows.set(runId, attempts);
    }
    return attempts;
  }
}
