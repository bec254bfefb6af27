import { RunNotFoundError, UsageError } from "../../errors/index.js";
import type { LogRecord } from "../../sandbox/runner-types.js";
import { type AttemptRow, RunRecords, type RunSummaryRow, type Store } from "../../store/index.js";
import { parseFlowDefinition } from "../definition/index.js";
import type { RunError, StepError } from "./events.js";
import type { FlowRunStatus } from "./flow-engine.js";
import { parseOwner } from "./owner.js";
import { toJsonValue, unpackValue } from "./persisted-values.js";

export interface RunSummary {
  readonly id: string;
  readonly flow: string;
  /** The registered revision the run started from; undefined for a run of a flow file. */
  readonly revision?: number;
  readonly version: string;
  readonly status: FlowRunStatus;
  readonly idempotencyKey?: string;
  readonly createdAt: string;
  readonly finishedAt?: string;
  readonly error?: RunError;
  /** The input's JSON cut to 120 characters, for lists; absent for runs stored before it was kept. */
  readonly inputPreview?: string;
}

/** A run a live process is executing: which process (`pid`), and the owner id of the runtime in it. */
export interface LiveRun {
  readonly id: string;
  readonly flow: string;
  readonly owner: string;
  readonly pid?: number;
}

export interface AttemptDetails {
  readonly attempt: number;
  readonly status: AttemptRow["status"];
  /** `name@revision` of the pinned task, and the sha256 of its module. */
  readonly task: string;
  readonly moduleHash: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly error?: StepError;
  readonly logs: readonly LogRecord[];
}

export interface StepDetails {
  readonly id: string;
  readonly task: string;
  /**
   * `pending`: not reached (yet, or ever: the run failed first). `cancelled`: the run was
   * cancelled before this step finished — its call was stopped (`error` is CANCELLED), or it
   * never ran (`reason` says why).
   */
  readonly status: "pending" | "running" | "succeeded" | "failed" | "skipped" | "cancelled";
  readonly arm?: number;
  readonly reason?: string;
  readonly output?: unknown;
  readonly error?: StepError;
  readonly attempts: readonly AttemptDetails[];
}

/** A run with every step and attempt. Values are JSON-shaped (see `toJsonValue`). */
export interface RunDetails extends RunSummary {
  readonly definitionHash: string;
  readonly input: unknown;
  readonly output?: unknown;
  readonly pins: Readonly<Record<string, { readonly task: string; readonly module: string }>>;
  readonly steps: readonly StepDetails[];
  /** The W3C `traceparent` of the request that started the run, when it had one. */
  readonly traceparent?: string;
}

export interface RunFilter {
  readonly status?: FlowRunStatus;
  readonly flow?: string;
  /** Only runs created at or after this time (a Date, or ISO 8601 text). */
  readonly since?: Date | string;
  /** Only runs created before this time (a Date, or ISO 8601 text). */
  readonly until?: Date | string;
  /** The page after this one: the `next` of the page before. */
  readonly after?: string;
  /** Runs per page, 1 to 1 000. @default 50 */
  readonly limit?: number;
}

/** One page of runs, newest first; `next` (absent on the last page) is the `after` of the page that follows. */
export interface RunPage {
  readonly runs: RunSummary[];
  readonly next?: string;
}

/** The most runs one page holds. */
export const maxRunsPerPage = 1000;

/** Reads runs back for `runs list` and `runs show`. */
export class RunQueries {
  private readonly records: RunRecords;

  constructor(
    store: Store,
    private readonly isInterrupted: (owner: string | null, id: string) => boolean,
  ) {
    this.records = new RunRecords(store);
  }

  /** The first page of runs `filter` selects, newest first (see `page`). */
  list(filter: RunFilter = {}): RunSummary[] {
    return this.page(filter).runs;
  }

  /**
   * A page of runs, newest first, and the cursor of the next one. A page costs its own rows
   * whatever the number of runs in the store (each filter reads an index in order), and pages
   * stay stable while runs are added: a new run is newer than any cursor. `running` and
   * `interrupted` are told apart by whether the run's process is alive, so those rows are read
   * until the page is full.
   */
  page(filter: RunFilter = {}): RunPage {
    const limit = filter.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > maxRunsPerPage) {
      throw new UsageError(`a page holds 1 to ${maxRunsPerPage} runs, not ${limit}`);
    }
    const derived = filter.status === "running" || filter.status === "interrupted";
    const base = {
      ...(filter.status === undefined ? {} : { status: filter.status === "interrupted" ? "running" : filter.status }),
      ...(filter.flow === undefined ? {} : { flow: filter.flow }),
      ...(filter.since === undefined ? {} : { since: isoTime("since", filter.since) }),
      ...(filter.until === undefined ? {} : { until: isoTime("until", filter.until) }),
    } as const;
    let before = filter.after === undefined ? undefined : decodeCursor(filter.after);
    const runs: RunSummary[] = [];
    for (;;) {
      const rows = this.records.list({ ...base, ...(before === undefined ? {} : { before }), limit: limit + 1 });
      for (const row of rows) {
        // A row after a full page: there is more, from the last run of this one.
        if (runs.length === limit) return { runs, next: encodeCursor(runs[limit - 1] as RunSummary) };
        before = { createdAt: row.created_at, id: row.id };
        const summary = this.summary(row);
        if (!derived || summary.status === filter.status) runs.push(summary);
      }
      if (rows.length <= limit) return { runs };
    }
  }

  /** How many runs each flow has in each status as stored (`running` counts interrupted runs too). */
  counts(): { flow: string; status: string; count: number }[] {
    return this.records
      .countsByFlowAndStatus()
      .map((row) => ({ flow: row.flow_name, status: row.status, count: row.count }));
  }

  /** Runs a live process is executing now (this one too), oldest first: those `runs resume` leaves alone. */
  live(): LiveRun[] {
    return this.records.running().flatMap((row): LiveRun[] => {
      if (row.owner === null || this.isInterrupted(row.owner, row.id)) return [];
      const pid = parseOwner(row.owner)?.pid;
      return [{ id: row.id, flow: row.flow_name, owner: row.owner, ...(pid === undefined ? {} : { pid }) }];
    });
  }

  /**
   * How many runs `flow` has — of revision `revision`, or all of them — and how many of those are
   * not finished (running, or interrupted and resumable).
   */
  count(flow: string, revision?: number): { total: number; unfinished: number } {
    return this.records.countOf(flow, revision);
  }

  /** A run's summary (as lists show it), without its steps: one row read. Throws `RUN_NOT_FOUND`. */
  summaryOf(id: string): RunSummary {
    const row = this.records.run(id);
    if (row === undefined) throw new RunNotFoundError(id);
    return this.summary(row);
  }

  show(id: string): RunDetails {
    const row = this.records.run(id);
    if (row === undefined) throw new RunNotFoundError(id);
    const definition = parseFlowDefinition(JSON.parse(row.definition));
    const stepRows = new Map(this.records.steps(id).map((step) => [step.step_id, step] as const));
    // Grouped once: a run of 10 000 steps is read back in time proportional to its rows.
    const attemptsOf = new Map<string, AttemptRow[]>();
    for (const attempt of this.records.attempts(id)) {
      const own = attemptsOf.get(attempt.step_id);
      if (own === undefined) attemptsOf.set(attempt.step_id, [attempt]);
      else own.push(attempt);
    }
    const pins = JSON.parse(row.pins) as RunDetails["pins"];
    const steps = definition.steps.map((step): StepDetails => {
      const stepRow = stepRows.get(step.id);
      const own = (attemptsOf.get(step.id) ?? []).sort((a, b) => a.attempt - b.attempt);
      return {
        id: step.id,
        task: pins[step.id]?.task ?? step.task,
        status: stepRow?.status ?? "pending",
        ...(stepRow?.arm == null ? {} : { arm: stepRow.arm }),
        ...(stepRow?.reason == null ? {} : { reason: stepRow.reason }),
        ...(stepRow?.output == null ? {} : { output: toJsonValue(unpackValue(stepRow.output)) }),
        ...(stepRow?.error == null ? {} : { error: JSON.parse(stepRow.error) as StepError }),
        attempts: own.map(attemptDetails),
      };
    });
    return {
      ...this.summary(row),
      definitionHash: row.definition_hash,
      input: toJsonValue(unpackValue(row.input)),
      ...(row.output === null ? {} : { output: toJsonValue(unpackValue(row.output)) }),
      pins,
      steps,
      ...(row.traceparent === null ? {} : { traceparent: row.traceparent }),
    };
  }

  private summary(row: RunSummaryRow): RunSummary {
    const status: FlowRunStatus =
      row.status === "running" && this.isInterrupted(row.owner, row.id) ? "interrupted" : row.status;
    return {
      id: row.id,
      flow: row.flow_name,
      ...(row.flow_revision === null ? {} : { revision: row.flow_revision }),
      version: row.flow_version,
      status,
      ...(row.idempotency_key === null ? {} : { idempotencyKey: row.idempotency_key }),
      createdAt: row.created_at,
      ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
      ...(row.error === null ? {} : { error: JSON.parse(row.error) as RunError }),
      ...(row.input_preview == null ? {} : { inputPreview: row.input_preview }),
    };
  }
}

function attemptDetails(row: AttemptRow): AttemptDetails {
  return {
    attempt: row.attempt,
    status: row.status,
    task: row.task,
    moduleHash: row.module_hash,
    startedAt: row.started_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    ...(row.duration_ms === null ? {} : { durationMs: Math.round(row.duration_ms * 100) / 100 }),
    ...(row.input === null ? {} : { input: toJsonValue(unpackValue(row.input)) }),
    ...(row.output === null ? {} : { output: toJsonValue(unpackValue(row.output)) }),
    ...(row.error === null ? {} : { error: JSON.parse(row.error) as StepError }),
    logs: row.logs === null ? [] : (JSON.parse(row.logs) as LogRecord[]),
  };
}

/** A page's position as text a user passes back: the last run's creation time and id. */
function encodeCursor(run: RunSummary): string {
  return Buffer.from(JSON.stringify([run.createdAt, run.id])).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    position = undefined;
  }
  if (
    !Array.isArray(position) ||
    position.length !== 2 ||
    typeof position[0] !== "string" ||
    typeof position[1] !== "string"
  ) {
    throw new UsageError(
      `"${cursor.slice(0, 80)}" is not a cursor of a runs page: pass the \`next\` of the page before`,
    );
  }
  return { createdAt: position[0], id: position[1] };
}

/** A time bound as the store compares it: ISO 8601 in UTC, as runs record their creation. */
function isoTime(name: string, value: Date | string): string {
  const time = value instanceof Date ? value : new Date(value);
  if (typeof value === "string" && !/^\d{4}-\d{2}-\d{2}/.test(value)) time.setTime(Number.NaN);
  if (Number.isNaN(time.getTime())) {
    throw new UsageError(`${name} must be a time (ISO 8601, e.g. 2026-12-06T15:00:00Z), not "${String(value)}"`);
  }
  return time.toISOString();
}
