import { setMaxListeners } from "node:events";
import type { LogRecord, RunResult, TaskRunner } from "../../sandbox/runner-types.js";
import type { RunRecords } from "../../store/index.js";
import { type Activation, evaluate, evaluateAs, evaluateCondition, type StepActivation } from "../expressions/index.js";
import { retryDelay, sleep } from "./backoff.js";
import { cancelledError, type FlowEvent, type RunError, type StepError } from "./events.js";
import type { GroupCommit } from "./group-commit.js";
import { decideJoin, type StepStatus } from "./join.js";
import { packValue } from "./persisted-values.js";
import type { FlowPlan, PlannedField, PlannedStep } from "./plan.js";
import { toStepError } from "./step-error.js";

/** How a run ended. */
export type RunOutcome =
  | { readonly status: "succeeded"; readonly output: unknown }
  | { readonly status: "failed"; readonly error: RunError }
  | { readonly status: "cancelled"; readonly error: RunError };

/** One step's state in memory; the store holds the same, committed before anything depends on it. */
export interface StepState {
  status: StepStatus;
  /** The highest attempt number used so far (interrupted attempts included). */
  attempts: number;
  /** Attempts that failed: what the retry budget counts. */
  failures: number;
  arm?: number | undefined;
  output?: unknown;
  error?: StepError | undefined;
}

export interface ExecutionContext {
  readonly runId: string;
  readonly plan: FlowPlan;
  readonly input: unknown;
  readonly records: RunRecords;
  /** Where the execution's writes are committed, in order, before their events and calls. */
  readonly commits: GroupCommit;
  readonly runner: TaskRunner;
  /** Bounds the calls all runs of an engine have in flight, so a wide fan-out never overflows the pool's queue. */
  readonly limit: <T>(call: () => Promise<T>) => Promise<T>;
  readonly emit: (event: FlowEvent) => void;
  readonly random: () => number;
}

/** Writes, events and calls gathered while reacting to one change, committed together. */
interface Batch {
  readonly writes: (() => void)[];
  readonly events: FlowEvent[];
  readonly launches: (() => void)[];
}

/**
 * Drives one run: decides which steps run, skips or wait (see `decideJoin`), runs ready steps
 * concurrently, retries with backoff, and finishes the run. Every change is committed in one
 * transaction before the events that describe it are emitted and before anything that depends on
 * it is recorded — so after a crash the store holds exactly what happened, and resuming (loading
 * the same states into a new execution) continues from there. Calls start while the writes that
 * led to them commit (see `commit`).
 */
export class RunExecution {
  readonly done: Promise<RunOutcome>;
  private readonly states = new Map<string, StepState>();
  private readonly steps: Record<string, StepActivation> = Object.create(null);
  private readonly abort = new AbortController();
  /** Steps a dead process left running: if the run ends before they run again, they are settled as not run. */
  private readonly leftRunning = new Set<string>();
  /** Each step's call in flight: what `cancelNow` records as stopped. */
  private readonly inFlight = new Map<string, { readonly attempt: number; readonly startedAt: number }>();
  private active = 0;
  private failure: RunError | undefined;
  private cancelled = false;
  private finished = false;
  private broken = false;
  private brokenBy: unknown;
  private resolve!: (outcome: RunOutcome) => void;
  private reject!: (error: unknown) => void;

  constructor(
    private readonly ctx: ExecutionContext,
    loaded?: ReadonlyMap<string, StepState>,
  ) {
    // Every call of the run listens to this one signal: a fan-out of thousands is expected, not a leak.
    setMaxListeners(0, this.abort.signal);
    this.done = new Promise<RunOutcome>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    for (const planned of ctx.plan.order) {
      const state: StepState = loaded?.get(planned.id) ?? { status: "pending", attempts: 0, failures: 0 };
      // A step a dead process left running never finished: it runs again, under its next attempt number.
      if (state.status === "running") {
        state.status = "pending";
        this.leftRunning.add(planned.id);
      }
      this.states.set(planned.id, state);
      // Every step has an entry, so `has(steps.x.output)` is false (not an error) for a step that
      // was skipped or has not run, and true once it succeeded.
      this.steps[planned.id] = {};
      if (state.status === "succeeded") this.steps[planned.id] = { output: state.output };
      if (state.status === "failed" && state.error !== undefined) this.steps[planned.id] = { error: state.error };
    }
    if (loaded !== undefined) this.failure = this.loadedFailure();
  }

  /**
   * Starts (or, with loaded states, resumes) the run; `done` settles when it has finished.
   * `firstWrites` are committed with the first steps (the run's own row, for a new run), and
   * `started` is emitted once they are. Resolves once that first commit is done — so a caller
   * handed the run's id can count on the run being in the store — and rejects if it failed.
   */
  async start(firstWrites: readonly (() => void)[], started: FlowEvent): Promise<void> {
    this.guard(() => {
      const batch = newBatch();
      batch.writes.push(...firstWrites);
      batch.events.push(started);
      this.advance(
        this.ctx.plan.order.map((planned) => planned.id),
        batch,
      );
      this.commit(batch);
    });
    // Runs started in the same turn share this commit (see GroupCommit).
    await this.ctx.commits.committed();
    if (this.broken) throw this.brokenBy;
  }

  /** Stops the run: calls in flight are stopped, nothing new starts, and the run ends `cancelled`. */
  cancel(): void {
    if (this.finished || this.cancelled) return;
    this.cancelled = true;
    this.abort.abort();
  }

  /**
   * Cancels the run and records its end at once through `commitNow` (one synchronous
   * transaction), without waiting for calls in flight to stop: their attempts are recorded
   * cancelled as they stand. For a process about to exit; whatever was queued for the store
   * before must be committed first. The run writes and emits nothing after this.
   */
  cancelNow(commitNow: (writes: readonly (() => void)[]) => void): void {
    if (this.finished || this.broken) return;
    this.cancel();
    const batch = newBatch();
    const now = performance.now();
    for (const planned of this.ctx.plan.order) {
      if (this.state(planned.id).status !== "running") continue;
      const call = this.inFlight.get(planned.id);
      // Running with no call in flight: waiting to retry.
      this.stepCancelled(planned, call?.attempt, call === undefined ? 0 : now - call.startedAt, batch);
    }
    this.active = 0;
    const outcome = this.finishInto(batch);
    try {
      commitNow(batch.writes);
    } catch (error) {
      this.breakDown(error);
      throw error;
    }
    // Calls still stopping answer into a run that is over: `broken` drops whatever they bring.
    this.broken = true;
    for (const event of batch.events) this.ctx.emit(event);
    this.resolve(outcome);
  }

  get isFinished(): boolean {
    return this.finished;
  }

  private advance(candidates: readonly string[], batch: Batch): void {
    const work = [...candidates];
    for (let next = 0; next < work.length; next += 1) {
      const id = work[next] as string;
      const state = this.states.get(id);
      if (state === undefined || state.status !== "pending" || this.failure !== undefined || this.cancelled) continue;
      const planned = this.planned(id);
      const decision = decideJoin(planned.step.join, planned.edgesIn, (other) => this.state(other));
      if (decision.kind === "wait") continue;
      if (decision.kind === "skip") {
        state.status = "skipped";
        const now = new Date().toISOString();
        batch.writes.push(this.settleWrite(id, "skipped", { attempts: state.attempts, reason: decision.reason }, now));
        batch.events.push(this.event({ type: "step-skipped", step: id, reason: decision.reason }));
        if (planned.step.join === "any-succeeded" && decision.failed !== undefined) this.failTolerated(planned);
        work.push(...planned.successors);
        continue;
      }
      let input: unknown;
      try {
        input = this.mapInput(planned);
      } catch (error) {
        state.attempts += 1;
        const attempt = state.attempts;
        const { error: stepError } = toStepError(error);
        const now = new Date().toISOString();
        batch.writes.push(() =>
          this.ctx.records.startAttempt({
            run_id: this.ctx.runId,
            step_id: id,
            attempt,
            task: planned.taskRef,
            module_hash: planned.task.moduleHash,
            input: null,
            started_at: now,
          }),
        );
        batch.events.push(this.event({ type: "step-started", step: id, attempt, task: planned.taskRef }));
        this.stepFailed(planned, attempt, stepError, [], 0, batch);
        work.push(...planned.successors);
        continue;
      }
      this.active += 1;
      this.startAttempt(planned, input, batch);
    }
  }

  private startAttempt(planned: PlannedStep, input: unknown, batch: Batch): void {
    const state = this.state(planned.id);
    state.status = "running";
    state.attempts += 1;
    const attempt = state.attempts;
    const packed = packValue(input);
    const now = new Date().toISOString();
    batch.writes.push(() =>
      this.ctx.records.startAttempt({
        run_id: this.ctx.runId,
        step_id: planned.id,
        attempt,
        task: planned.taskRef,
        module_hash: planned.task.moduleHash,
        input: packed,
        started_at: now,
      }),
    );
    batch.events.push(this.event({ type: "step-started", step: planned.id, attempt, task: planned.taskRef }));
    batch.launches.push(() => {
      this.call(planned, input, attempt).catch((error: unknown) => this.breakDown(error));
    });
  }

  private async call(planned: PlannedStep, input: unknown, attempt: number): Promise<void> {
    const started = performance.now();
    this.inFlight.set(planned.id, { attempt, startedAt: started });
    // The guest's Math.random is seeded with the attempt's number counted over finished attempts:
    // a retry rolls again, and an attempt re-run after a crash rolls what the lost one would have.
    const seed = this.state(planned.id).failures + 1;
    let result: RunResult;
    try {
      result = await this.ctx.limit(() =>
        this.abort.signal.aborted
          ? Promise.reject(this.abort.signal.reason)
          : this.ctx.runner.run(planned.task, input, { ...planned.limits, seed, signal: this.abort.signal }),
      );
    } catch (error) {
      this.inFlight.delete(planned.id);
      const durationMs = performance.now() - started;
      await this.ctx.commits.committed();
      await this.attemptFailed(planned, input, attempt, error, durationMs);
      return;
    }
    this.inFlight.delete(planned.id);
    const durationMs = performance.now() - started;
    // The call may have answered before its start was committed (see `commit`).
    await this.ctx.commits.committed();
    this.guard(() => this.attemptSucceeded(planned, attempt, result, durationMs));
  }

  private attemptSucceeded(planned: PlannedStep, attempt: number, result: RunResult, durationMs: number): void {
    if (this.broken) return;
    const id = planned.id;
    const state = this.state(id);
    const batch = newBatch();
    const now = new Date().toISOString();
    const output = packValue(result.output);
    batch.writes.push(() =>
      this.ctx.records.finishAttempt({
        run_id: this.ctx.runId,
        step_id: id,
        attempt,
        status: "succeeded",
        output,
        error: null,
        logs: logsJson(result.logs),
        finished_at: now,
        duration_ms: durationMs,
      }),
    );
    this.active -= 1;
    let arm: number | undefined;
    try {
      arm = this.chooseArm(planned, result.output);
    } catch (error) {
      this.stepFailed(planned, attempt, toStepError(error).error, null, durationMs, batch);
      this.advance(planned.successors, batch);
      this.commit(batch);
      return;
    }
    state.status = "succeeded";
    state.output = result.output;
    state.arm = arm;
    this.steps[id] = { output: result.output };
    batch.writes.push(this.settleWrite(id, "succeeded", { attempts: attempt, arm: arm ?? null, output }, now));
    batch.events.push(
      this.event({
        type: "step-completed",
        step: id,
        attempt,
        durationMs,
        ...(arm === undefined ? {} : { arm }),
      }),
    );
    this.advance(planned.successors, batch);
    this.commit(batch);
  }

  private async attemptFailed(
    planned: PlannedStep,
    input: unknown,
    attempt: number,
    thrown: unknown,
    durationMs: number,
  ): Promise<void> {
    if (this.broken) return;
    const state = this.state(planned.id);
    const { error, logs } = toStepError(thrown);
    state.failures += 1;
    const retryable =
      !this.cancelled &&
      this.failure === undefined &&
      planned.retry.retryOn.includes(error.code) &&
      state.failures < planned.retry.maxAttempts;
    if (!retryable) {
      this.guard(() => {
        const batch = newBatch();
        this.active -= 1;
        if (this.cancelled) this.stepCancelled(planned, attempt, durationMs, batch);
        else {
          this.stepFailed(planned, attempt, error, logs, durationMs, batch);
          this.advance(planned.successors, batch);
        }
        this.commit(batch);
      });
      return;
    }
    const delayMs = retryDelay(planned.retry, state.failures, this.ctx.random);
    this.guard(() => {
      const batch = newBatch();
      batch.writes.push(this.finishAttemptWrite(planned.id, attempt, "failed", error, logs, durationMs));
      batch.events.push(this.event({ type: "step-retrying", step: planned.id, attempt, error, delayMs }));
      this.commit(batch);
    });
    await sleep(delayMs, this.abort.signal);
    this.guard(() => {
      if (this.broken) return;
      const batch = newBatch();
      if (this.cancelled) {
        this.active -= 1;
        this.stepCancelled(planned, undefined, 0, batch);
      } else this.startAttempt(planned, input, batch);
      this.commit(batch);
    });
  }

  private stepFailed(
    planned: PlannedStep,
    attempt: number,
    error: StepError,
    logs: readonly LogRecord[] | null,
    durationMs: number,
    batch: Batch,
  ): void {
    const id = planned.id;
    const state = this.state(id);
    state.status = "failed";
    state.error = error;
    this.steps[id] = { error: { code: error.code, message: error.message } };
    const now = new Date().toISOString();
    // `logs` is null when the call itself succeeded and its attempt is already recorded.
    if (logs !== null) batch.writes.push(this.finishAttemptWrite(id, attempt, "failed", error, logs, durationMs));
    batch.writes.push(this.settleWrite(id, "failed", { attempts: state.attempts, error: JSON.stringify(error) }, now));
    const handled = planned.handled || planned.tolerated;
    batch.events.push(this.event({ type: "step-failed", step: id, attempt, error, handled }));
    if (!handled) this.failure ??= { ...error, step: id };
  }

  /**
   * A step the cancel caught running: its call stopped (`attempt`), or waiting to retry after a
   * failed attempt (no call in flight).
   */
  private stepCancelled(planned: PlannedStep, attempt: number | undefined, durationMs: number, batch: Batch): void {
    const state = this.state(planned.id);
    state.status = "cancelled";
    const now = new Date().toISOString();
    if (attempt !== undefined) {
      state.error = cancelledError;
      batch.writes.push(this.finishAttemptWrite(planned.id, attempt, "cancelled", cancelledError, [], durationMs));
      batch.writes.push(
        this.settleWrite(
          planned.id,
          "cancelled",
          { attempts: state.attempts, error: JSON.stringify(cancelledError) },
          now,
        ),
      );
      batch.events.push(this.event({ type: "step-cancelled", step: planned.id, attempt }));
      return;
    }
    const reason = "the run was cancelled while this step waited to retry";
    batch.writes.push(this.settleWrite(planned.id, "cancelled", { attempts: state.attempts, reason }, now));
    batch.events.push(this.event({ type: "step-cancelled", step: planned.id, reason }));
  }

  /** Every step still pending when the run ends cancelled never ran (or never ran again): it is cancelled too. */
  private cancelPending(batch: Batch, now: string): void {
    for (const planned of this.ctx.plan.order) {
      const state = this.state(planned.id);
      if (state.status !== "pending") continue;
      state.status = "cancelled";
      const reason = this.leftRunning.has(planned.id)
        ? "the run was cancelled before this step could run again"
        : "the run was cancelled before this step started";
      batch.writes.push(this.settleWrite(planned.id, "cancelled", { attempts: state.attempts, reason }, now));
      batch.events.push(this.event({ type: "step-cancelled", step: planned.id, reason }));
    }
  }

  /** A tolerated failure (an any-succeeded join waits for it) fails the run once that join is skipped. */
  private failTolerated(join: PlannedStep): void {
    for (const edge of join.edgesIn) {
      const from = this.states.get(edge.from);
      const planned = this.ctx.plan.steps.get(edge.from);
      if (edge.kind !== "after" || from?.status !== "failed" || planned === undefined || planned.handled) continue;
      if (from.error !== undefined) this.failure ??= { ...from.error, step: edge.from };
    }
  }

  /** The failure a resumed run already had: an unhandled failed step, or a tolerated one whose join was skipped. */
  private loadedFailure(): RunError | undefined {
    for (const planned of this.ctx.plan.order) {
      const state = this.state(planned.id);
      if (state.status === "failed" && !planned.handled && !planned.tolerated && state.error !== undefined) {
        return { ...state.error, step: planned.id };
      }
      if (state.status === "skipped" && planned.step.join === "any-succeeded") this.failTolerated(planned);
      if (this.failure !== undefined) return this.failure;
    }
    return undefined;
  }

  private mapInput(planned: PlannedStep): Record<string, unknown> {
    const activation: Activation = { input: this.ctx.input, steps: this.steps };
    const input: Record<string, unknown> = {};
    for (const field of planned.input) input[field.name] = fieldValue(field, activation);
    return input;
  }

  /** The first arm whose condition holds; undefined when the step has no branch or no arm holds. */
  private chooseArm(planned: PlannedStep, output: unknown): number | undefined {
    if (planned.arms.length === 0) return undefined;
    const activation: Activation = {
      input: this.ctx.input,
      steps: { ...this.steps, [planned.id]: { output } },
    };
    for (const arm of planned.arms) {
      if (arm.condition === undefined || evaluateCondition(arm.condition, activation)) return arm.index;
    }
    return undefined;
  }

  /** The write that records how a step ended; fields left out are stored as null. */
  private settleWrite(
    id: string,
    status: "succeeded" | "failed" | "skipped" | "cancelled",
    fields: {
      attempts: number;
      arm?: number | null;
      output?: Uint8Array | null;
      error?: string | null;
      reason?: string | null;
    },
    now: string,
  ): () => void {
    return () =>
      this.ctx.records.settleStep({
        run_id: this.ctx.runId,
        step_id: id,
        status,
        attempts: fields.attempts,
        arm: fields.arm ?? null,
        output: fields.output ?? null,
        error: fields.error ?? null,
        reason: fields.reason ?? null,
        finished_at: now,
      });
  }

  private finishAttemptWrite(
    id: string,
    attempt: number,
    status: "failed" | "cancelled",
    error: StepError,
    logs: readonly LogRecord[],
    durationMs: number,
  ): () => void {
    const now = new Date().toISOString();
    return () =>
      this.ctx.records.finishAttempt({
        run_id: this.ctx.runId,
        step_id: id,
        attempt,
        status,
        output: null,
        error: JSON.stringify(error),
        logs: logsJson(logs),
        finished_at: now,
        duration_ms: durationMs,
      });
  }

  /** Commits a batch, then emits its events, then makes its calls — in that order, always. */
  private commit(batch: Batch): void {
    if (this.broken) return;
    let outcome: RunOutcome | undefined;
    if (!this.finished && this.active === 0 && batch.launches.length === 0) outcome = this.finishInto(batch);
    // Calls go out now, while their writes are being committed: a call has no effect outside its
    // sandbox and its answer is handled only once this commit is done (`call` waits for
    // `commits.committed()`), so overlapping the two changes nothing the store or the events
    // could show — a call lost with the process before its start was committed just runs again
    // on resume — and takes the commit off the path of every step.
    for (const launch of batch.launches) launch();
    const proceed = (): void => {
      if (this.broken) return;
      for (const event of batch.events) this.ctx.emit(event);
      if (outcome !== undefined) this.resolve(outcome);
    };
    if (batch.writes.length === 0) proceed();
    else this.ctx.commits.submit(batch.writes, proceed, (error) => this.breakDown(error));
  }

  /** Decides how the run ended and adds the writes and events that record it. */
  private finishInto(batch: Batch): RunOutcome {
    const outcome = this.outcome();
    this.finished = true;
    const now = new Date().toISOString();
    const output = outcome.status === "succeeded" ? packValue(outcome.output) : null;
    const error = outcome.status === "succeeded" ? null : JSON.stringify(outcome.error);
    const status = outcome.status;
    if (status === "cancelled") this.cancelPending(batch, now);
    for (const id of this.leftRunning) {
      if (this.state(id).status !== "pending") continue;
      batch.writes.push(
        this.settleWrite(
          id,
          "skipped",
          { attempts: this.state(id).attempts, reason: "the run failed before this step could run again" },
          now,
        ),
      );
    }
    batch.writes.push(() => this.ctx.records.finishRun(this.ctx.runId, status, output, error, now));
    batch.events.push(
      this.event(
        outcome.status === "succeeded"
          ? { type: "run-completed", output: outcome.output }
          : outcome.status === "failed"
            ? { type: "run-failed", error: outcome.error }
            : { type: "run-cancelled" },
      ),
    );
    return outcome;
  }

  private outcome(): RunOutcome {
    if (this.cancelled) return { status: "cancelled", error: cancelledError };
    if (this.failure !== undefined) return { status: "failed", error: this.failure };
    const activation: Activation = { input: this.ctx.input, steps: this.steps };
    try {
      const output: Record<string, unknown> = {};
      for (const field of this.ctx.plan.output) output[field.name] = fieldValue(field, activation);
      return { status: "succeeded", output };
    } catch (error) {
      const { error: stepError } = toStepError(error);
      return { status: "failed", error: { ...stepError, message: `flow output: ${stepError.message}` } };
    }
  }

  /**
   * Runs engine code; if it throws (the store refused a write, say), the run is abandoned as it
   * stands: still `running` in the store, so `runs resume` continues it from its last commit.
   */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.breakDown(error);
    }
  }

  private breakDown(error: unknown): void {
    if (this.broken) return;
    this.broken = true;
    this.brokenBy = error;
    this.abort.abort();
    this.reject(error);
  }

  private state(id: string): StepState {
    return this.states.get(id) as StepState;
  }

  private planned(id: string): PlannedStep {
    return this.ctx.plan.steps.get(id) as PlannedStep;
  }

  private event(fields: DistributiveOmit<FlowEvent, "runId" | "at">): FlowEvent {
    return { ...fields, runId: this.ctx.runId, at: Date.now() } as FlowEvent;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function newBatch(): Batch {
  return { writes: [], events: [], launches: [] };
}

function fieldValue(field: PlannedField, activation: Activation): unknown {
  if ("literal" in field) return field.literal;
  return field.type === undefined
    ? evaluate(field.expression, activation)
    : evaluateAs(field.expression, activation, field.type);
}

function logsJson(logs: readonly LogRecord[]): string | null {
  return logs.length === 0 ? null : JSON.stringify(logs);
}
