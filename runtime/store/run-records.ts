import { Statements } from "./statements.js";
import type { Store } from "./store.js";

export type RunStatus = "running" | "succeeded" | "failed" | "cancelled";
export type StepStatus = "running" | "succeeded" | "failed" | "skipped" | "cancelled";
export type AttemptStatus = "running" | "succeeded" | "failed" | "interrupted" | "cancelled";

export interface RunRow {
  readonly id: string;
  readonly flow_name: string;
  readonly flow_revision: number | null;
  readonly flow_version: string;
  readonly definition: string;
  readonly definition_hash: string;
  readonly pins: string;
  readonly input: Uint8Array;
  readonly input_hash: string;
  readonly idempotency_key: string | null;
  readonly status: RunStatus;
  readonly output: Uint8Array | null;
  readonly error: string | null;
  readonly owner: string | null;
  readonly cancel_requested: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly finished_at: string | null;
  /** The W3C `traceparent` of the request that started the run. */
  readonly traceparent: string | null;
  /** The input's JSON, cut short, for lists (migration 10); null for runs stored before it. */
  readonly input_preview: string | null;
}

/** A run as lists show it: no definition, input or output blobs. */
export type RunSummaryRow = Pick<
  RunRow,
  | "id"
  | "flow_name"
  | "flow_revision"
  | "flow_version"
  | "status"
  | "idempotency_key"
  | "created_at"
  | "finished_at"
  | "input_preview"
> & { readonly error: string | null; readonly owner: string | null };

export interface StepRow {
  readonly run_id: string;
  readonly step_id: string;
  readonly status: StepStatus;
  readonly attempts: number;
  readonly arm: number | null;
  readonly output: Uint8Array | null;
  readonly error: string | null;
  readonly reason: string | null;
  readonly started_at: string | null;
  readonly finished_at: string | null;
}

export interface AttemptRow {
  readonly run_id: string;
  readonly step_id: string;
  readonly attempt: number;
  readonly status: AttemptStatus;
  readonly task: string;
  readonly module_hash: string;
  readonly input: Uint8Array | null;
  readonly output: Uint8Array | null;
  readonly error: string | null;
  readonly logs: string | null;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly duration_ms: number | null;
}

/** Events `seq` to `last_seq` of a run's history, committed together (see migration 4). */
export interface EventRow {
  /** The row's place among every run's history rows, in commit order (set by the store). */
  readonly pos?: number;
  readonly run_id: string;
  readonly seq: number;
  readonly last_seq: number;
  readonly body: Uint8Array;
}

export type AttemptFinishRow = Pick<
  AttemptRow,
  "run_id" | "step_id" | "attempt" | "status" | "output" | "error" | "logs" | "finished_at"
> & { readonly duration_ms: number };

export type NewRun = Omit<RunRow, "output" | "error" | "cancel_requested" | "finished_at" | "status" | "updated_at">;

/** Which runs `RunRecords.list` answers (see there). */
export interface RunListFilter {
  readonly status?: RunStatus;
  readonly flow?: string;
  readonly since?: string;
  readonly until?: string;
  readonly before?: { readonly createdAt: string; readonly id: string };
  readonly limit: number;
}

/** The SQL of `RunRecords.list` for `filter`, and its parameters (a test reads its query plan). */
export function runListQuery(filter: RunListFilter): { text: string; params: Record<string, unknown> } {
  const where: string[] = [];
  if (filter.status !== undefined) where.push("status = @status");
  if (filter.flow !== undefined) where.push("flow_name = @flow");
  if (filter.since !== undefined) where.push("created_at >= @since");
  if (filter.until !== undefined) where.push("created_at < @until");
  if (filter.before !== undefined) where.push("(created_at, id) < (@beforeCreatedAt, @beforeId)");
  const text = `SELECT ${summaryColumns} FROM runs ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`}
       ORDER BY created_at DESC, id DESC LIMIT @limit`;
  const params = {
    ...(filter.status === undefined ? {} : { status: filter.status }),
    ...(filter.flow === undefined ? {} : { flow: filter.flow }),
    ...(filter.since === undefined ? {} : { since: filter.since }),
    ...(filter.until === undefined ? {} : { until: filter.until }),
    ...(filter.before === undefined ? {} : { beforeCreatedAt: filter.before.createdAt, beforeId: filter.before.id }),
    limit: filter.limit,
  };
  return { text, params };
}

const summaryColumns =
  "id, flow_name, flow_revision, flow_version, status, idempotency_key, created_at, finished_at, error, owner, input_preview";

/** SQL for flow runs, their steps and every attempt; the engine decides what the rows mean. */
export class RunRecords {
  private readonly statements: Statements;

  constructor(store: Store) {
    this.statements = new Statements(store);
  }

  private sql(text: string) {
    return this.statements.sql(text);
  }

  insertRun(run: NewRun): void {
    this.sql(
      `INSERT INTO runs (id, flow_name, flow_revision, flow_version, definition, definition_hash, pins, input,
           input_hash, idempotency_key, traceparent, input_preview, status, owner, created_at, updated_at)
         VALUES (@id, @flow_name, @flow_revision, @flow_version, @definition, @definition_hash, @pins, @input,
           @input_hash, @idempotency_key, @traceparent, @input_preview, 'running', @owner, @created_at, @created_at)`,
    ).run(run);
  }

  run(id: string): RunRow | undefined {
    return this.sql("SELECT * FROM runs WHERE id = ?").get(id) as RunRow | undefined;
  }

  runByKey(flow: string, key: string): RunRow | undefined {
    return this.sql("SELECT * FROM runs WHERE flow_name = ? AND idempotency_key = ?").get(flow, key) as
      | RunRow
      | undefined;
  }

  /** Newest first. */
  /**
   * Runs newest first (by `created_at`, then `id`), at most `limit`, those before `before` (the
   * position of the last row of the previous page) and created in [`since`, `until`). The SQL is
   * chosen by which filters are given, so that SQLite reads the rows in order from an index and
   * stops at the limit: a page costs the same at a hundred runs as at a million.
   */
  list(filter: RunListFilter): RunSummaryRow[] {
    const { text, params } = runListQuery(filter);
    return this.sql(text).all(params) as RunSummaryRow[];
  }

  /** How many runs each flow has in each stored status. */
  countsByFlowAndStatus(): { flow_name: string; status: RunStatus; count: number }[] {
    return this.sql(runCountsQuery).all() as {
      flow_name: string;
      status: RunStatus;
      count: number;
    }[];
  }

  /** How many runs a flow has (of one revision, or of every one and of its files), and how many are not finished. */
  countOf(flow: string, revision: number | undefined): { total: number; unfinished: number } {
    const row = this.sql(
      `SELECT COUNT(*) AS total, COALESCE(SUM(status = 'running'), 0) AS unfinished FROM runs
         WHERE flow_name = @flow AND (@revision IS NULL OR flow_revision = @revision)`,
    ).get({ flow, revision: revision ?? null }) as { total: number; unfinished: number };
    return { total: row.total, unfinished: row.unfinished };
  }

  /** Runs still marked running, oldest first, with the owner that executes (or executed) them. */
  running(): { id: string; flow_name: string; owner: string | null }[] {
    return this.sql("SELECT id, flow_name, owner FROM runs WHERE status = 'running' ORDER BY created_at").all() as {
      id: string;
      flow_name: string;
      owner: string | null;
    }[];
  }

  /** Takes over a run only if its owner is still the one the caller saw: two resumers never both win. */
  claim(id: string, seenOwner: string | null, owner: string, now: string): boolean {
    return (
      this.sql("UPDATE runs SET owner = ?, updated_at = ? WHERE id = ? AND status = 'running' AND owner IS ?").run(
        owner,
        now,
        id,
        seenOwner,
      ).changes === 1
    );
  }

  finishRun(id: string, status: RunStatus, output: Uint8Array | null, error: string | null, now: string): void {
    this.sql(
      "UPDATE runs SET status = ?, output = ?, error = ?, finished_at = ?, updated_at = ? WHERE id = ? AND status = 'running'",
    ).run(status, output, error, now, now, id);
  }

  requestCancel(id: string, now: string): boolean {
    return (
      this.sql("UPDATE runs SET cancel_requested = 1, updated_at = ? WHERE id = ? AND status = 'running'").run(now, id)
        .changes === 1
    );
  }

  /** Runs this owner executes that another process asked to cancel. */
  cancelRequestsFor(owner: string): string[] {
    return (
      this.sql("SELECT id FROM runs WHERE status = 'running' AND cancel_requested = 1 AND owner = ?").all(owner) as {
        id: string;
      }[]
    ).map((row) => row.id);
  }

  steps(runId: string): StepRow[] {
    return this.sql("SELECT * FROM run_steps WHERE run_id = ?").all(runId) as StepRow[];
  }

  attempts(runId: string): AttemptRow[] {
    return this.sql("SELECT * FROM step_attempts WHERE run_id = ? ORDER BY started_at, step_id, attempt").all(
      runId,
    ) as AttemptRow[];
  }

  /** An attempt as it stands: started, or started and finished within one commit. */
  insertAttempt(row: AttemptRow): void {
    this.sql(
      `INSERT INTO step_attempts (run_id, step_id, attempt, status, task, module_hash, input, output, error, logs,
           started_at, finished_at, duration_ms)
         VALUES (@run_id, @step_id, @attempt, @status, @task, @module_hash, @input, @output, @error, @logs,
           @started_at, @finished_at, @duration_ms)`,
    ).run(row);
  }

  finishAttempt(row: AttemptFinishRow): void {
    this.sql(
      `UPDATE step_attempts SET status = @status, output = @output, error = @error, logs = @logs,
           finished_at = @finished_at, duration_ms = @duration_ms
         WHERE run_id = @run_id AND step_id = @step_id AND attempt = @attempt`,
    ).run(row);
  }

  /**
   * A step as it stands: running, or how it ended (succeeded, failed after its retries, skipped,
   * or cancelled). It keeps the start of its first attempt.
   */
  putStep(row: StepRow): void {
    this.sql(
      `INSERT INTO run_steps (run_id, step_id, status, attempts, arm, output, error, reason, started_at, finished_at)
         VALUES (@run_id, @step_id, @status, @attempts, @arm, @output, @error, @reason, @started_at, @finished_at)
         ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
           arm = excluded.arm, output = excluded.output, error = excluded.error, reason = excluded.reason,
           started_at = coalesce(run_steps.started_at, excluded.started_at), finished_at = excluded.finished_at`,
    ).run(row);
  }

  appendEvents(row: EventRow): void {
    this.sql("INSERT INTO run_events (run_id, seq, last_seq, body) VALUES (@run_id, @seq, @last_seq, @body)").run(row);
  }

  /** The rows holding the run's events after `afterSeq`, in order, at most `limit` rows. */
  events(runId: string, afterSeq: number, limit: number): EventRow[] {
    return this.sql("SELECT * FROM run_events WHERE run_id = ? AND last_seq > ? ORDER BY seq LIMIT ?").all(
      runId,
      afterSeq,
      limit,
    ) as EventRow[];
  }

  /**
   * History rows of every run (or of one flow's runs) from position `fromPos` on, in commit
   * order, at most `limit`: read along the primary key, so a page costs its own rows.
   */
  feed(fromPos: number, flow: string | undefined, limit: number): EventRow[] {
    return (
      flow === undefined
        ? this.sql("SELECT * FROM run_events WHERE pos >= ? ORDER BY pos LIMIT ?").all(fromPos, limit)
        : this.sql(
            `SELECT e.* FROM run_events e JOIN runs r ON r.id = e.run_id
              WHERE e.pos >= ? AND r.flow_name = ? ORDER BY e.pos LIMIT ?`,
          ).all(fromPos, flow, limit)
    ) as EventRow[];
  }

  /** The position of the last history row; 0 when there is none. */
  feedEnd(): number {
    return (this.sql("SELECT MAX(pos) AS pos FROM run_events").get() as { pos: number | null }).pos ?? 0;
  }

  /** The sequence number of the run's last event; 0 when it has none. */
  lastSeq(runId: string): number {
    const row = this.sql("SELECT MAX(last_seq) AS seq FROM run_events WHERE run_id = ?").get(runId) as {
      seq: number | null;
    };
    return row.seq ?? 0;
  }

  /** Attempts a dead process left running: they never finished, so their step runs again. */
  interruptAttempts(runId: string, now: string): number {
    return this.sql(
      "UPDATE step_attempts SET status = 'interrupted', finished_at = ? WHERE run_id = ? AND status = 'running'",
    ).run(now, runId).changes;
  }
}

/** Runs by flow and stored status: read from the index `runs_by_flow_status` alone. */
export const runCountsQuery = "SELECT flow_name, status, COUNT(*) AS count FROM runs GROUP BY flow_name, status";
