import { createHash } from "node:crypto";
import pLimit from "p-limit";
import { IdempotencyConflictError, RunNotFoundError, UsageError } from "../../errors/index.js";
import { type NewRun, type RunStore, SqliteRunStore, type Store } from "../../store/index.js";
import { defaultTaskLimits, type RegisteredTask, type TaskRegistry } from "../../tasks/index.js";
import { storedFlowDefinition } from "../registry/index.js";
import { EventLog, type FlowEvent } from "./events.js";
import type { StepExecutor } from "./execution-context.js";
import { inputCodec, runInput } from "./flow-input.js";
import type { FlowRun, FlowSource, StartFlowOptions } from "./flow-run.js";
import { inputPreviewOf } from "./input-preview.js";
import { cancelInterruptedRun, stepIdsOf } from "./interrupted-cancel.js";
import { packValue, unpackValue } from "./persisted-values.js";
import { type FeedEvent, type FeedOptions, runFeed } from "./run-feed.js";
import { type HistoryOptions, runHistory } from "./run-history.js";
import { newRunId } from "./run-id.js";
import { type ActiveRun, type EventObserver, type LaunchRequest, launchRun } from "./run-launch.js";
import { RunOwnership } from "./run-ownership.js";
import { pinsOf, RunPlans } from "./run-plans.js";
import { type FlowRunResult, finishedUncancelled, resultOfRow } from "./run-results.js";
import { type ResumeAnswer, RunResumption } from "./run-resumption.js";

export type { FlowRun, FlowSource, StartFlowOptions } from "./flow-run.js";
export type { LaunchRequest } from "./run-launch.js";
export type { FlowRunResult, FlowRunStatus } from "./run-results.js";
export type { ResumeAnswer } from "./run-resumption.js";

export interface FlowEngineOptions {
  readonly store: Store;
  readonly tasks: TaskRegistry;
  readonly runner: () => StepExecutor;
  /** Calls in flight across all runs of this engine. @default 256 */
  readonly maxConcurrentCalls?: number;
  /** The runs' store; by default the SQLite store `store` holds. */
  readonly runs?: RunStore;
}

const maxKeyLength = 256;

/**
 * Starts, resumes and cancels flow runs, persisting each in the store. A run is pinned at its start
 * to its definition (a copy is stored with it) and to the task revisions its steps resolved to;
 * resuming uses exactly those.
 */
export class FlowEngine {
  readonly runs: RunStore;
  readonly ownership: RunOwnership;
  private readonly active = new Map<string, ActiveRun>();
  readonly observers = new Set<EventObserver>();
  private readonly plans: RunPlans;
  private readonly resumption: RunResumption;
  private readonly limit: <T>(call: () => Promise<T>) => Promise<T>;

  constructor(private readonly options: FlowEngineOptions) {
    this.runs = options.runs ?? new SqliteRunStore(options.store);
    this.plans = new RunPlans(options.tasks);
    this.ownership = new RunOwnership(options.store, this.runs, {
      executing: (id) => this.active.has(id),
      cancel: (id) => this.active.get(id)?.execution.cancel(),
    });
    this.resumption = new RunResumption(this.runs, this.ownership, (row, loaded, events) => {
      const plan = this.plans.planForRun(row);
      return this.launch({ id: row.id, flow: row.flow_name, plan, input: unpackValue(row.input), loaded }, events).run;
    });
    const limiter = pLimit(options.maxConcurrentCalls ?? 256);
    this.limit = (call) => limiter(call);
  }

  /**
   * Starts a run (or returns the run its idempotency key names). Resolves once the run — its row,
   * input and definition, and its first steps — is committed, so the id it hands back always
   * names a run the store has: a process that dies after this leaves the run `interrupted`, never
   * lost. Input problems reject before anything is stored.
   */
  async start(source: FlowSource, input: unknown, options: StartFlowOptions = {}): Promise<FlowRun> {
    const { definition } = source;
    const key = options.idempotencyKey;
    if (key !== undefined && (typeof key !== "string" || key.length === 0 || key.length > maxKeyLength)) {
      throw new UsageError(`an idempotency key is a string of 1 to ${maxKeyLength} characters`);
    }
    traceparentOf(options.traceparent);
    const value = runInput(definition, input, options.format ?? "value");
    const canonical = inputCodec(definition).encodeInput(value, defaultTaskLimits.maxInputBytes);
    const inputHash = createHash("sha256").update(canonical).digest("hex");
    const tasks = new Map(definition.steps.map((step) => [step.id, this.options.tasks.get(step.task)] as const));
    const stored = storedFlowDefinition(definition);
    const pins = pinsOf(tasks);
    const plan = this.plans.planFor(definition, stored.hash, pins, (id) => tasks.get(id) as RegisteredTask);
    const owner = this.ownership.claim();
    const id = newRunId();
    const row: NewRun = {
      id,
      flow_name: definition.name,
      flow_revision: source.revision ?? null,
      flow_version: definition.version,
      definition: stored.text,
      definition_hash: stored.hash,
      pins,
      input: packValue(value),
      input_hash: inputHash,
      idempotency_key: key ?? null,
      traceparent: traceparentOf(options.traceparent),
      input_preview: inputPreviewOf(value),
      owner,
      created_at: new Date().toISOString(),
    };
    const request = { id, flow: definition.name, plan, input: value };
    if (key === undefined) {
      // Nothing to check first: the run row is committed with its first steps, in the engine's
      // next group commit — shared by every run started in the same turn.
      const { run, started } = this.launch({ ...request, firstWrites: [{ kind: "insert-run", row }] }, options);
      await started;
      return run;
    }
    // The key is checked and claimed in one immediate transaction: of many concurrent starts with
    // one key, in this process or others, exactly one inserts the run.
    const existing = this.runs.transaction((apply) => {
      const found = this.runs.runByKey(definition.name, key);
      if (found !== undefined) {
        if (found.input_hash !== inputHash) throw new IdempotencyConflictError(definition.name, key, found.id);
        return found;
      }
      apply({ kind: "insert-run", row });
      return undefined;
    });
    if (existing !== undefined) return this.attach(existing.id);
    // The row is committed already; waiting for the first steps too makes a keyed start resolve
    // at the same point as any other (after `run-started`).
    const { run, started } = this.launch(request, options);
    await started;
    return run;
  }

  /** See `RunResumption.resume`. */
  resume(ids?: readonly string[], options: Pick<StartFlowOptions, "onEvent"> = {}): FlowRun[] {
    return this.resumption.resume(ids, options);
  }

  /** See `RunResumption.resumeEach`. */
  resumeEach(ids: readonly string[], options: Pick<StartFlowOptions, "onEvent"> = {}): ResumeAnswer[] {
    return this.resumption.resumeEach(ids, options);
  }

  /**
   * Cancels a run, and resolves with it recorded `cancelled`. Here: at once. In another live
   * process: asks it (through the store) and waits up to `waitMs` for it to stop (resolving with
   * it still `running` if it has not). Interrupted: records it cancelled. Already cancelled:
   * resolves with it as it is. A run that succeeded or failed — before the cancel, or while it was
   * on its way — throws `RUN_FINISHED`.
   */
  async cancel(id: string, waitMs = 30_000): Promise<FlowRunResult> {
    const here = this.active.get(id);
    if (here !== undefined) {
      this.ownership.recordCancelRequest(id);
      here.execution.cancel();
      return finishedUncancelled(await here.result);
    }
    const row = this.runs.run(id);
    if (row === undefined) throw new RunNotFoundError(id);
    if (row.status !== "running") return finishedUncancelled(resultOfRow(row, false));
    if (this.ownership.isInterrupted(row.owner, id)) {
      const owner = this.ownership.claim();
      this.runs.transaction((apply) => {
        if (!this.runs.claim(id, row.owner, owner, new Date().toISOString())) return;
        cancelInterruptedRun(this.runs, apply, row, stepIdsOf(row.definition));
      });
    } else this.ownership.requestCancel(id);
    return finishedUncancelled(await this.ownership.waitFor(id, false, waitMs));
  }

  /**
   * Records a run of this engine cancelled at once, in one transaction, without waiting for its
   * calls to stop: for a process about to exit (the CLI's second Ctrl-C). Writes already queued
   * are committed first; the run writes nothing after this. A run not executing here is answered
   * as the store has it.
   */
  cancelNow(id: string): FlowRunResult {
    const here = this.active.get(id);
    if (here !== undefined) {
      // What was queued may finish the run: then that is how it ended, and nothing is cancelled.
      this.runs.flushNow();
      here.execution.cancelNow();
    }
    const row = this.runs.run(id);
    if (row === undefined) throw new RunNotFoundError(id);
    return resultOfRow(row, false, row.status === "running" && this.ownership.isInterrupted(row.owner, id));
  }

  /** A run's stored history, then (following) its new events from any process: see `runHistory`. */
  history(id: string, options?: HistoryOptions): AsyncGenerator<FlowEvent> {
    return runHistory(this.runs, id, options);
  }

  feed(options?: FeedOptions): AsyncGenerator<FeedEvent> {
    return runFeed(this.runs, options);
  }

  /**
   * Lets every run of this engine finish, then gives up its ownership: a run it left `running`
   * (its store failed under it, say) is interrupted from then on, for any process to resume.
   */
  async close(): Promise<void> {
    // A run started while the others finish is waited for too.
    while (this.active.size > 0) await Promise.allSettled([...this.active.values()].map((run) => run.result));
    this.ownership.close();
  }

  /** Whether a `running` run's owner is gone (see `RunOwnership.isInterrupted`). */
  isInterrupted(owner: string | null, id: string): boolean {
    return this.ownership.isInterrupted(owner, id);
  }

  private launch(request: LaunchRequest, options: StartFlowOptions): { run: FlowRun; started: Promise<void> } {
    return launchRun(
      {
        runs: this.runs,
        ownership: this.ownership,
        active: this.active,
        runner: this.options.runner,
        limit: this.limit,
        observers: this.observers,
      },
      request,
      options,
    );
  }

  /** The run an idempotency key named: shared if it runs here, read from the store otherwise. */
  private attach(id: string): FlowRun {
    const here = this.active.get(id);
    if (here !== undefined) {
      return { id, reused: true, events: here.log, result: here.result.then((r) => ({ ...r, reused: true })) };
    }
    const log = new EventLog();
    log.close();
    return { id, reused: true, events: log, result: this.ownership.waitFor(id, true) };
  }
}

/** W3C trace context, version 00 form: version, trace id, parent id, flags; all-zero ids are invalid. */
const traceparentPattern = /^[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A valid `traceparent` as stored; a malformed one is the caller's mistake. */
function traceparentOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value !== "string" || !traceparentPattern.test(value) || value.startsWith("ff")) {
    throw new UsageError("traceparent is a W3C trace context: 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>");
  }
  return value;
}

/** Whether a request's `traceparent` header is one to record (W3C: a malformed one is ignored). */
export function isTraceparent(value: string): boolean {
  return traceparentPattern.test(value) && !value.startsWith("ff");
}
