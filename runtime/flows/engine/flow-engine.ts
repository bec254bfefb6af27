import { createHash } from "node:crypto";
import pLimit from "p-limit";
import {
  IdempotencyConflictError,
  RunFinishedError,
  RunNotFoundError,
  RunNotResumableError,
  UsageError,
  WasmflowError,
} from "../../errors/index.js";
import type { TaskRunner } from "../../sandbox/runner-types.js";
import { type NewRun, RunRecords, type RunRow, type Store } from "../../store/index.js";
import { defaultTaskLimits, parseTaskReference, type RegisteredTask, type TaskRegistry } from "../../tasks/index.js";
import { compileValueCodec, type ValueCodec } from "../../values/index.js";
import { type FlowDefinition, parseFlowDefinition } from "../definition/index.js";
import { storedFlowDefinition } from "../registry/index.js";
import { validateFlow } from "../validate-flow.js";
import { cancelledError, EventLog, type FlowEvent, type RunError } from "./events.js";
import { GroupCommit } from "./group-commit.js";
import { Liveness } from "./liveness.js";
import { parseOwner } from "./owner.js";
import { packValue, unpackValue } from "./persisted-values.js";
import { type FlowPlan, planFlow } from "./plan.js";
import { loadStepStates } from "./resume-state.js";
import { RunExecution, type RunOutcome } from "./run-execution.js";
import { newRunId } from "./run-id.js";

/** A flow to run: a registered revision, or a definition read from a file. */
export interface FlowSource {
  readonly definition: FlowDefinition;
  /** The registered revision; undefined for a flow run straight from its file. */
  readonly revision?: number;
}

export interface StartFlowOptions {
  /**
   * Names this request: a second start with the same key and the same input returns the first run
   * (executing nothing); with a different input it throws `IDEMPOTENCY_CONFLICT`. Keys are scoped
   * to the flow's name.
   */
  readonly idempotencyKey?: string;
  /** Cancels the run: calls in flight are stopped and the run ends `cancelled`. */
  readonly signal?: AbortSignal;
  /** Called synchronously with each event, right after the state it describes is committed. */
  readonly onEvent?: (event: FlowEvent) => void;
  /** `json`: the input is JSON-shaped (64-bit integers may be strings, bytes base64). @default "value" */
  readonly format?: "value" | "json";
}

export type FlowRunStatus = "running" | "succeeded" | "failed" | "cancelled" | "interrupted";

export interface FlowRunResult {
  readonly id: string;
  readonly flow: string;
  /** `interrupted`: its process died before it finished; `runs resume` continues it. */
  readonly status: FlowRunStatus;
  readonly output?: unknown;
  /** Why the run failed: the error of the step that caused it (`step`), or of the output mapping. */
  readonly error?: RunError;
  /** True when an idempotency key matched an existing run: nothing was executed for this request. */
  readonly reused: boolean;
}

/** What `resumeEach` answers for one id: the run resumed, or why it was not. */
export type ResumeAnswer =
  | { readonly id: string; readonly run: FlowRun }
  | { readonly id: string; readonly error: WasmflowError };

/** A run in progress (or found by its idempotency key). */
export interface FlowRun {
  readonly id: string;
  readonly reused: boolean;
  /** Every event of the run from its start (or, for a resumed run, from its resumption). */
  readonly events: AsyncIterable<FlowEvent>;
  readonly result: Promise<FlowRunResult>;
}

export interface FlowEngineOptions {
  readonly store: Store;
  readonly tasks: TaskRegistry;
  readonly runner: () => TaskRunner;
  /** Calls in flight across all runs of this engine. @default 256 */
  readonly maxConcurrentCalls?: number;
}

interface ActiveRun {
  readonly flow: string;
  readonly execution: RunExecution;
  readonly log: EventLog;
  readonly result: Promise<FlowRunResult>;
}

const maxKeyLength = 256;
const cancelPollMs = 200;
const waitPollMs = 50;
const maxPlans = 64;

/**
 * Starts, resumes and cancels flow runs, persisting each in the store. A run is pinned at its start
 * to its definition (a copy is stored with it) and to the task revisions its steps resolved to;
 * resuming uses exactly those.
 */
export class FlowEngine {
  private readonly records: RunRecords;
  private readonly liveness: Liveness;
  private readonly active = new Map<string, ActiveRun>();
  private readonly plans = new Map<string, FlowPlan>();
  private readonly commits: GroupCommit;
  private readonly limit: <T>(call: () => Promise<T>) => Promise<T>;
  private cancelPoller: NodeJS.Timeout | undefined;

  constructor(private readonly options: FlowEngineOptions) {
    this.records = new RunRecords(options.store);
    this.liveness = new Liveness(options.store);
    this.commits = new GroupCommit(options.store);
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
    const value = this.flowInput(definition, input, options.format ?? "value");
    const canonical = inputCodec(definition).encodeInput(value, defaultTaskLimits.maxInputBytes);
    const inputHash = createHash("sha256").update(canonical).digest("hex");
    const tasks = new Map(definition.steps.map((step) => [step.id, this.options.tasks.get(step.task)] as const));
    const stored = storedFlowDefinition(definition);
    const pins = pinsOf(tasks);
    const plan = this.planFor(definition, stored.hash, pins, (id) => tasks.get(id) as RegisteredTask);
    const owner = this.claimOwnership();
    const id = newRunId();
    const now = new Date().toISOString();
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
      owner,
      created_at: now,
    };
    if (key === undefined) {
      // Nothing to check first: the run row is committed with its first steps, in the engine's
      // next group commit — shared by every run started in the same turn.
      const { run, started } = this.launch(id, definition.name, plan, value, undefined, options, [
        () => this.records.insertRun(row),
      ]);
      await started;
      return run;
    }
    // The key is checked and claimed in one immediate transaction: of many concurrent starts with
    // one key, in this process or others, exactly one inserts the run.
    const existing = this.options.store.write(() => {
      const found = this.records.runByKey(definition.name, key);
      if (found !== undefined) {
        if (found.input_hash !== inputHash) throw new IdempotencyConflictError(definition.name, key, found.id);
        return found;
      }
      this.records.insertRun(row);
      return undefined;
    });
    if (existing !== undefined) return this.attach(existing);
    // The row is committed already; waiting for the first steps too makes a keyed start resolve
    // at the same point as any other (after `run-started`).
    const { run, started } = this.launch(id, definition.name, plan, value, undefined, options);
    await started;
    return run;
  }

  /**
   * Continues interrupted runs from their committed steps: the given ones, or every run whose
   * process is gone. Completed steps are not run again; a step that was running when its process
   * died runs again under its next attempt number. With ids, every one is checked before any is
   * resumed: one that cannot be resumed throws its error and none is resumed. A run that passes
   * its check but is not resumed after all (another process claimed it in between, a pinned task
   * is gone) is left out of the list; `resumeEach` says why for each.
   */
  resume(ids?: readonly string[], options: Pick<StartFlowOptions, "onEvent"> = {}): FlowRun[] {
    if (ids !== undefined) {
      for (const id of ids) {
        const checked = this.resumable(id);
        if (checked instanceof WasmflowError) throw checked;
      }
      return this.resumeEach(ids, options).flatMap((answer) => ("run" in answer ? [answer.run] : []));
    }
    const interrupted = this.records.running().filter((row) => this.isInterrupted(row.owner, row.id));
    return this.resumeEach(
      interrupted.map((row) => row.id),
      options,
    ).flatMap((answer) => ("run" in answer ? [answer.run] : []));
  }

  /**
   * Resumes each run given, answering each on its own: the run resumed, or why not —
   * `RUN_NOT_FOUND`, or `RUN_NOT_RESUMABLE` (it finished, a live process executes it, or it was
   * asked to cancel before its process died and is now recorded cancelled). An id given twice is
   * answered once.
   */
  resumeEach(ids: readonly string[], options: Pick<StartFlowOptions, "onEvent"> = {}): ResumeAnswer[] {
    return [...new Set(ids)].map((id): ResumeAnswer => {
      const checked = this.resumable(id);
      if (checked instanceof WasmflowError) return { id, error: checked };
      try {
        const resumed = this.resumeOne(checked, options);
        return resumed instanceof WasmflowError ? { id, error: resumed } : { id, run: resumed };
      } catch (error) {
        // A pinned task that is gone, say: this run stays interrupted; the others are not held up.
        if (error instanceof WasmflowError) return { id, error };
        throw error;
      }
    });
  }

  /** The run, if it is interrupted; otherwise why it cannot be resumed. */
  private resumable(id: string): RunRow | WasmflowError {
    const row = this.records.run(id);
    if (row === undefined) return new RunNotFoundError(id);
    if (row.status !== "running") return new RunNotResumableError(id, row.status, `it has finished (${row.status})`);
    if (!this.isInterrupted(row.owner, row.id)) return this.stillRunning(row);
    return row;
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
    let result: FlowRunResult;
    if (here !== undefined) {
      this.recordCancelRequest(id);
      here.execution.cancel();
      result = await here.result;
    } else {
      const row = this.records.run(id);
      if (row === undefined) throw new RunNotFoundError(id);
      if (row.status !== "running") return finishedUncancelled(resultOf(row, false));
      const now = new Date().toISOString();
      if (this.isInterrupted(row.owner, id)) {
        const owner = this.claimOwnership();
        this.options.store.write(() => {
          if (!this.records.claim(id, row.owner, owner, now)) return;
          this.cancelInterrupted(row, now);
        });
      } else {
        this.options.store.write(() => this.records.requestCancel(id, now));
      }
      result = await this.waitFor(id, false, waitMs);
    }
    return finishedUncancelled(result);
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
      this.commits.flushNow();
      here.execution.cancelNow((writes) =>
        this.options.store.write(() => {
          for (const write of writes) write();
        }),
      );
    }
    const row = this.records.run(id);
    if (row === undefined) throw new RunNotFoundError(id);
    return resultOf(row, false, row.status === "running" && this.isInterrupted(row.owner, id));
  }

  /**
   * A run asked to cancel here has that request committed at once: if the process dies before the
   * run is recorded cancelled, the run is settled cancelled when next touched, never resumed.
   */
  private recordCancelRequest(id: string): void {
    try {
      this.options.store.write(() => this.records.requestCancel(id, new Date().toISOString()));
    } catch {
      // The store is busy or closing: the cancel goes ahead in this process all the same.
    }
  }

  /**
   * Lets every run of this engine finish, then gives up its ownership: a run it left `running`
   * (its store failed under it, say) is interrupted from then on, for any process to resume.
   */
  async close(): Promise<void> {
    // A run started while the others finish is waited for too.
    while (this.active.size > 0) await Promise.allSettled([...this.active.values()].map((run) => run.result));
    this.stopCancelPoller();
    this.liveness.close();
  }

  /** Records a run whose process is gone as cancelled, with every step it had not finished; the caller claimed it. */
  private cancelInterrupted(row: RunRow, now: string): void {
    const stepIds = parseFlowDefinition(JSON.parse(row.definition)).steps.map((step) => step.id);
    this.records.interruptAttempts(row.id, now);
    this.records.cancelUnfinishedSteps(row.id, stepIds, "the run was cancelled while its process was gone", now);
    this.records.finishRun(row.id, "cancelled", null, JSON.stringify(cancelledError), now);
  }

  private resumeOne(row: RunRow, options: Pick<StartFlowOptions, "onEvent">): FlowRun | RunNotResumableError {
    const owner = this.claimOwnership();
    const now = new Date().toISOString();
    const claimed = this.options.store.write(() => {
      if (!this.records.claim(row.id, row.owner, owner, now)) return "lost";
      if (row.cancel_requested === 1) {
        this.cancelInterrupted(row, now);
        return "cancelled";
      }
      this.records.interruptAttempts(row.id, now);
      return "claimed";
    });
    if (claimed === "lost") {
      return new RunNotResumableError(row.id, "running", "another process resumed or cancelled it first");
    }
    if (claimed === "cancelled") {
      return new RunNotResumableError(
        row.id,
        "cancelled",
        "it was asked to cancel before its process died, and is now recorded cancelled",
      );
    }
    const definition = parseFlowDefinition(JSON.parse(row.definition));
    const pins = JSON.parse(row.pins) as Record<string, { task: string; module: string }>;
    const taskOf = (stepId: string): RegisteredTask => {
      const pin = pins[stepId];
      if (pin === undefined) throw new WasmflowError("RUN_CORRUPT", `run ${row.id} has no pin for step "${stepId}"`);
      const ref = parseTaskReference(pin.task);
      return this.options.tasks.pinned(ref.name, ref.revision ?? 0);
    };
    const plan = this.planFor(definition, row.definition_hash, row.pins, taskOf);
    const states = loadStepStates(this.records.steps(row.id), this.records.attempts(row.id));
    const input = unpackValue(row.input);
    // The claim is committed: the run is ours whatever becomes of its first commit, whose failure
    // `result` reports.
    return this.launch(row.id, row.flow_name, plan, input, states, options).run;
  }

  private launch(
    id: string,
    flow: string,
    plan: FlowPlan,
    input: unknown,
    loaded: ReturnType<typeof loadStepStates> | undefined,
    options: StartFlowOptions,
    firstWrites: readonly (() => void)[] = [],
  ): { run: FlowRun; started: Promise<void> } {
    const log = new EventLog();
    const listener = options.onEvent;
    const emit = (event: FlowEvent): void => {
      log.push(event);
      if (listener !== undefined) {
        try {
          listener(event);
        } catch {
          // A listener's bug must not stop the run; its events are still in `events`.
        }
      }
    };
    const execution = new RunExecution(
      {
        runId: id,
        plan,
        input,
        records: this.records,
        commits: this.commits,
        runner: this.options.runner(),
        limit: this.limit,
        emit,
        random: Math.random,
      },
      loaded,
    );
    const signal = options.signal;
    const onAbort = (): void => {
      this.recordCancelRequest(id);
      execution.cancel();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    // Aborted already: the run is recorded cancelled in its first commit, and no call is made.
    if (signal?.aborted === true) execution.cancel();
    const started = execution.start(firstWrites, {
      type: "run-started",
      runId: id,
      at: Date.now(),
      flow,
      steps: plan.graph.order,
      resumed: loaded !== undefined,
    });
    // A failed first commit also rejects `result`, which is where a caller not waiting for the start hears of it.
    started.catch(() => {});
    const result = execution.done
      .then((outcome) => toResult(id, flow, outcome))
      .finally(() => {
        signal?.removeEventListener("abort", onAbort);
        this.active.delete(id);
        log.close();
        if (this.active.size === 0) this.stopCancelPoller();
      });
    // The caller may never await `result`; a run that breaks down is still reported through it.
    result.catch(() => {});
    this.active.set(id, { flow, execution, log, result });
    this.startCancelPoller();
    return { run: { id, reused: false, events: log, result }, started };
  }

  /** The run an idempotency key named: shared if it runs here, read from the store otherwise. */
  private attach(row: RunRow): FlowRun {
    const here = this.active.get(row.id);
    if (here !== undefined) {
      return { id: row.id, reused: true, events: here.log, result: here.result.then((r) => ({ ...r, reused: true })) };
    }
    const log = new EventLog();
    log.close();
    return { id: row.id, reused: true, events: log, result: this.waitFor(row.id, true) };
  }

  private async waitFor(id: string, reused: boolean, waitMs = Number.POSITIVE_INFINITY): Promise<FlowRunResult> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const row = this.records.run(id);
      if (row === undefined) throw new RunNotFoundError(id);
      const interrupted = row.status === "running" && this.isInterrupted(row.owner, id);
      if (row.status !== "running" || interrupted || Date.now() >= deadline) {
        return resultOf(row, reused, interrupted);
      }
      await new Promise((resolve) => setTimeout(resolve, waitPollMs));
    }
  }

  /**
   * A `running` run is interrupted when its owner is gone — its process died, or its engine closed
   * — or when its engine is alive but no longer executing it.
   */
  isInterrupted(owner: string | null, id: string): boolean {
    return !this.liveness.executes(owner, id);
  }

  /** The owner id this engine writes on the runs it executes (see `Liveness.claim`). */
  private claimOwnership(): string {
    return this.liveness.claim((id) => this.active.has(id));
  }

  /** Why a run a live engine executes cannot be resumed: where it runs, and under which owner. */
  private stillRunning(row: RunRow): RunNotResumableError {
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

  private flowInput(definition: FlowDefinition, input: unknown, format: "value" | "json"): unknown {
    if (input === undefined) {
      if (definition.initial === undefined) {
        throw new UsageError(`flow "${definition.name}" declares no initial input: give one`);
      }
      return inputCodec(definition).fromJson(definition.initial);
    }
    return format === "json" ? inputCodec(definition).fromJson(input) : input;
  }

  /** Compiled plans by definition and pinned tasks: checking and compiling a flow costs far more than a run. */
  private planFor(
    definition: FlowDefinition,
    definitionHash: string,
    pins: string,
    taskOf: (stepId: string) => RegisteredTask,
  ): FlowPlan {
    const key = `${definitionHash}\u0000${pins}`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      const stepOfTask = new Map(definition.steps.map((step) => [step.task, step.id] as const));
      const graph = validateFlow(definition, (reference) => {
        const step = stepOfTask.get(reference);
        if (step === undefined) return undefined;
        const task = taskOf(step);
        return { input: task.definition.inputType, output: task.definition.outputType };
      });
      plan = planFlow(definition, graph, taskOf, (task) => this.options.tasks.moduleBytes(task));
      if (this.plans.size >= maxPlans) this.plans.clear();
      this.plans.set(key, plan);
    }
    return plan;
  }

  private startCancelPoller(): void {
    if (this.cancelPoller !== undefined) return;
    this.cancelPoller = setInterval(() => {
      try {
        const owner = this.liveness.owner;
        if (owner === undefined) return;
        for (const id of this.records.cancelRequestsFor(owner)) this.active.get(id)?.execution.cancel();
      } catch {
        // The store may be busy or closing; the next tick asks again.
      }
    }, cancelPollMs);
    this.cancelPoller.unref();
  }

  private stopCancelPoller(): void {
    if (this.cancelPoller !== undefined) clearInterval(this.cancelPoller);
    this.cancelPoller = undefined;
  }
}

const codecs = new WeakMap<FlowDefinition, ValueCodec>();

/** The codec of a flow's input type, compiled once per definition. */
function inputCodec(definition: FlowDefinition): ValueCodec {
  let codec = codecs.get(definition);
  if (codec === undefined) {
    codec = compileValueCodec(definition.inputType);
    codecs.set(definition, codec);
  }
  return codec;
}

function pinsOf(tasks: ReadonlyMap<string, RegisteredTask>): string {
  const pins: Record<string, { task: string; module: string }> = {};
  for (const [step, task] of tasks) pins[step] = { task: `${task.name}@${task.revision}`, module: task.moduleHash };
  return JSON.stringify(pins);
}

function toResult(id: string, flow: string, outcome: RunOutcome): FlowRunResult {
  return outcome.status === "succeeded"
    ? { id, flow, status: "succeeded", output: outcome.output, reused: false }
    : { id, flow, status: outcome.status, error: outcome.error, reused: false };
}

function resultOf(row: RunRow, reused: boolean, interrupted = false): FlowRunResult {
  const base = { id: row.id, flow: row.flow_name, reused };
  if (row.status === "running") return { ...base, status: interrupted ? "interrupted" : "running" };
  if (row.status === "succeeded") return { ...base, status: "succeeded", output: unpackValue(row.output) };
  return { ...base, status: row.status, ...(row.error === null ? {} : { error: JSON.parse(row.error) as RunError }) };
}

/** A cancel that found its run succeeded or failed did not happen: that is an error, not a result. */
function finishedUncancelled(result: FlowRunResult): FlowRunResult {
  if (result.status === "succeeded" || result.status === "failed") throw new RunFinishedError(result.id, result.status);
  return result;
}
