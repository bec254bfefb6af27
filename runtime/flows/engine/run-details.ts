import { RunNotFoundError } from "../../errors/index.js";
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
}

export interface RunFilter {
  readonly status?: FlowRunStatus;
  readonly flow?: string;
  /** @default 50 */
  readonly limit?: number;
}

/** Reads runs back for `runs list` and `runs show`. */
export class RunQueries {
  private readonly records: RunRecords;

  constructor(
    store: Store,
    private readonly isInterrupted: (owner: string | null, id: string) => boolean,
  ) {
    this.records = new RunRecords(store);
  }

  list(filter: RunFilter = {}): RunSummary[] {
    const interrupted = filter.status === "interrupted";
    const rows = this.records.list({
      ...(filter.status === undefined ? {} : { status: interrupted ? "running" : filter.status }),
      ...(filter.flow === undefined ? {} : { flow: filter.flow }),
      limit: filter.limit ?? 50,
    });
    const summaries = rows.map((row) => this.summary(row));
    if (filter.status === "running" || interrupted) return summaries.filter((run) => run.status === filter.status);
    return summaries;
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
