import { setMaxListeners } from "node:events";
import type { RunResult, TaskRunner } from "../../sandbox/index.js";
import { type Activation, evaluate, evaluateAs, evaluateCondition, type StepActivation } from "../expressions/index.js";
import { retryDelay, sleep } from "./backoff.js";
import { cancelledError, type RunError, type StepError } from "./events.js";
import { decideJoin, type StepStatus } from "./join.js";
import type { FlowPlan, PlannedField, PlannedStep } from "./plan.js";
import type { RunJournal, RunOutcome } from "./run-journal.js";
import { toStepError } from "./step-error.js";

export type { RunOutcome } from "./run-journal.js";

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
  readonly plan: FlowPlan;
  readonly input: unknown;
  /** Where every transition is recorded; its batches are committed before their events and calls. */
  readonly journal: RunJournal;
  readonly runner: TaskRunner;
  /** Bounds the calls all runs of an engine have in flight, so a wide fan-out never overflows the pool's queue. */
  readonly limit: <T>(call: () => Promise<T>) => Promise<T>;
  readonly random: () => number;
}

const settledStatuses: ReadonlySet<StepStatus> = new Set(["succeeded", "failed", "skipped", "cancelled"]);

/**
 * Drives one run: decides which steps run, skip or wait (see `decideJoin`), runs ready steps
 * concurrently, retries with backoff, and finishes the run. It only decides: every transition is
 * told to the journal, whose batch is flushed at the end of each reaction — so after a crash the
 * store holds exactly what happened, and resuming (loading the same states into a new execution)
 * continues from there. Each transition costs the same whatever the size of the flow: a step
 * waits on a count of its unsettled predecessors, not on a scan of them.
 */
export class RunExecution {
  readonly done: Promise<RunOutcome>;
  private readonly states = new Map<string, StepState>();
  private readonly steps: Record<string, StepActivation> = Object.create(null);
  /** Per step, how many distinct predecessors have not settled: the join is decided when it reaches 0. */
  private readonly unsettled = new Map<string, number>();
  private readonly abort = new AbortController();
  /** Steps a dead process left running: if the run ends before they run again, they are settled as not run. */
  private readonly leftRunning = new Set<string>();
  /** Each step's call in flight: what `cancelNow` records as stopped. */
  private readonly inFlight = new Map<string, { readonly attempt: number; readonly startedAt: number }>();
  private readonly journal: RunJournal;
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
    this.journal = ctx.journal;
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
    for (const planned of ctx.plan.order) {
      const from = new Set(planned.edgesIn.map((edge) => edge.from));
      let count = 0;
      for (const id of from) if (!settledStatuses.has(this.state(id).status)) count += 1;
      this.unsettled.set(planned.id, count);
    }
    if (loaded !== undefined) this.failure = this.loadedFailure();
  }

  /**
   * Starts (or, with loaded states, resumes) the run; `done` settles when it has finished.
   * `started` records the start (with a new run's own row) in the first batch. Resolves once that
   * first batch is committed — so a caller handed the run's id can count on the run being in the
   * store — and rejects if it failed.
   */
  async start(started: () => void): Promise<void> {
    this.guard(() => {
      started();
      this.advance(this.ctx.plan.order.map((planned) => planned.id));
      this.flush();
    });
    // Runs started in the same turn share this commit (see GroupCommit).
    await this.journal.committed();
    if (this.broken) throw this.brokenBy;
  }

  /** Stops the run: calls in flight are stopped, nothing new starts, and the run ends `cancelled`. */
  cancel(): void {
    if (this.finished || this.cancelled) return;
    this.cancelled = true;
    this.abort.abort();
  }

  /**
   * Cancels the run and records its end at once (one synchronous transaction), without waiting for
   * calls in flight to stop: their attempts are recorded cancelled as they stand. For a process
   * about to exit; whatever was queued for the store before is committed first. The run writes and
   * emits nothing after this.
   */
  cancelNow(): void {
    if (this.finished || this.broken) return;
    this.cancel();
    const now = performance.now();
    for (const planned of this.ctx.plan.order) {
      if (this.state(planned.id).status !== "running") continue;
      const call = this.inFlight.get(planned.id);
      // Running with no call in flight: waiting to retry.
      this.stepCancelled(planned, call?.attempt, call === undefined ? 0 : now - call.startedAt);
    }
    this.active = 0;
    const outcome = this.finish();
    try {
      this.journal.flushNow();
    } catch (error) {
      this.breakDown(error);
      throw error;
    }
    // Calls still stopping answer into a run that is over: `broken` drops whatever they bring.
    this.broken = true;
    this.resolve(outcome);
  }

  get isFinished(): boolean {
    return this.finished;
  }

  private advance(candidates: readonly string[]): void {
    const work = [...candidates];
    for (let next = 0; next < work.length; next += 1) {
      const id = work[next] as string;
      const state = this.states.get(id);
      if (state === undefined || state.status !== "pending" || this.failure !== undefined || this.cancelled) continue;
      if ((this.unsettled.get(id) ?? 0) > 0) continue;
      const planned = this.planned(id);
      const decision = decideJoin(planned.step.join, planned.edgesIn, (other) => this.state(other));
      if (decision.kind === "wait") continue;
      if (decision.kind === "skip") {
        this.settle(planned, "skipped");
        this.journal.stepSettled(id, state.attempts, { status: "skipped", reason: decision.reason });
        if (planned.step.join === "any-succeeded" && decision.failed !== undefined) this.failTolerated(planned);
        work.push(...planned.successors);
        continue;
      }
      let input: unknown;
      try {
        input = this.mapInput(planned);
      } catch (error) {
        state.attempts += 1;
        this.journal.attemptStarted(id, state.attempts, this.taskOf(planned), undefined);
        this.stepFailed(planned, state.attempts, toStepError(error).error, { logs: [], durationMs: 0 });
        work.push(...planned.successors);
        continue;
      }
      this.active += 1;
      this.startAttempt(planned, input);
    }
  }

  private startAttempt(planned: PlannedStep, input: unknown): void {
    const state = this.state(planned.id);
    state.status = "running";
    state.attempts += 1;
    const attempt = state.attempts;
    this.journal.attemptStarted(planned.id, attempt, this.taskOf(planned), input);
    this.journal.launch(() => {
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
      await this.journal.committed();
      await this.attemptFailed(planned, input, attempt, error, durationMs);
      return;
    }
    this.inFlight.delete(planned.id);
    const durationMs = performance.now() - started;
    // The call may have answered before its start was committed (see RunJournal).
    await this.journal.committed();
    this.guard(() => this.attemptSucceeded(planned, attempt, result, durationMs));
  }

  private attemptSucceeded(planned: PlannedStep, attempt: number, result: RunResult, durationMs: number): void {
    if (this.broken) return;
    const id = planned.id;
    const state = this.state(id);
    this.journal.attemptFinished(id, attempt, {
      status: "succeeded",
      output: result.output,
      logs: result.logs,
      durationMs,
    });
    this.active -= 1;
    let arm: number | undefined;
    try {
      arm = this.chooseArm(planned, result.output);
    } catch (error) {
      // The attempt itself succeeded and is recorded so: only the step fails.
      this.stepFailed(planned, attempt, toStepError(error).error, undefined);
      this.advance(planned.successors);
      this.flush();
      return;
    }
    state.output = result.output;
    state.arm = arm;
    this.steps[id] = { output: result.output };
    this.settle(planned, "succeeded");
    this.journal.stepSettled(id, attempt, { status: "succeeded", attempt, output: result.output, durationMs, arm });
    this.advance(planned.successors);
    this.flush();
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
        this.active -= 1;
        if (this.cancelled) this.stepCancelled(planned, attempt, durationMs);
        else {
          this.stepFailed(planned, attempt, error, { logs, durationMs });
          this.advance(planned.successors);
        }
        this.flush();
      });
      return;
    }
    const delayMs = retryDelay(planned.retry, state.failures, this.ctx.random);
    this.guard(() => {
      this.journal.attemptFinished(planned.id, attempt, {
        status: "failed",
        error,
        logs,
        durationMs,
        retryInMs: delayMs,
      });
      this.flush();
    });
    await sleep(delayMs, this.abort.signal);
    this.guard(() => {
      if (this.broken) return;
      if (this.cancelled) {
        this.active -= 1;
        this.stepCancelled(planned, undefined, 0);
      } else this.startAttempt(planned, input);
      this.flush();
    });
  }

  /** `call` is undefined when the call itself succeeded and its attempt is already recorded. */
  private stepFailed(
    planned: PlannedStep,
    attempt: number,
    error: StepError,
    call: { logs: Parameters<RunJournal["attemptFinished"]>[2]["logs"]; durationMs: number } | undefined,
  ): void {
    const id = planned.id;
    const state = this.state(id);
    state.error = error;
    this.steps[id] = { error: { code: error.code, message: error.message } };
    this.settle(planned, "failed");
    if (call !== undefined) this.journal.attemptFinished(id, attempt, { status: "failed", error, ...call });
    const handled = planned.handled || planned.tolerated;
    this.journal.stepSettled(id, state.attempts, { status: "failed", attempt, error, handled });
    if (!handled) this.failure ??= { ...error, step: id };
  }

  /**
   * A step the cancel caught running: its call stopped (`attempt`), or waiting to retry after a
   * failed attempt (no call in flight).
   */
  private stepCancelled(planned: PlannedStep, attempt: number | undefined, durationMs: number): void {
    const state = this.state(planned.id);
    this.settle(planned, "cancelled");
    if (attempt !== undefined) {
      state.error = cancelledError;
      this.journal.attemptFinished(planned.id, attempt, {
        status: "cancelled",
        error: cancelledError,
        logs: [],
        durationMs,
      });
      this.journal.stepSettled(planned.id, state.attempts, { status: "cancelled", attempt });
      return;
    }
    const reason = "the run was cancelled while this step waited to retry";
    this.journal.stepSettled(planned.id, state.attempts, { status: "cancelled", reason });
  }

  /** A step settles: each step waiting for it has one predecessor fewer to wait for. */
  private settle(planned: PlannedStep, status: "succeeded" | "failed" | "skipped" | "cancelled"): void {
    this.state(planned.id).status = status;
    for (const successor of planned.successors) {
      this.unsettled.set(successor, (this.unsettled.get(successor) ?? 1) - 1);
    }
  }

  /** Every step still pending when the run ends cancelled never ran (or never ran again): it is cancelled too. */
  private cancelPending(): void {
    for (const planned of this.ctx.plan.order) {
      const state = this.state(planned.id);
      if (state.status !== "pending") continue;
      state.status = "cancelled";
      const reason = this.leftRunning.has(planned.id)
        ? "the run was cancelled before this step could run again"
        : "the run was cancelled before this step started";
      this.journal.stepSettled(planned.id, state.attempts, { status: "cancelled", reason });
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
    // Conditions read the step's own output: it is entered now (a failure replaces it with the error).
    this.steps[planned.id] = { output };
    const activation: Activation = { input: this.ctx.input, steps: this.steps };
    for (const arm of planned.arms) {
      if (arm.condition === undefined || evaluateCondition(arm.condition, activation)) return arm.index;
    }
    return undefined;
  }

  /** Flushes the journal's batch; when it leaves nothing running, the run's end goes with it. */
  private flush(): void {
    if (this.broken) return;
    let outcome: RunOutcome | undefined;
    if (!this.finished && this.active === 0 && !this.journal.launching) outcome = this.finish();
    this.journal.flush(() => {
      if (!this.broken && outcome !== undefined) this.resolve(outcome);
    });
  }

  /** Decides how the run ended and records it. */
  private finish(): RunOutcome {
    const outcome = this.outcome();
    this.finished = true;
    if (outcome.status === "cancelled") this.cancelPending();
    for (const id of this.leftRunning) {
      const state = this.state(id);
      if (state.status !== "pending") continue;
      this.journal.stepAbandoned(id, state.attempts, "the run failed before this step could run again");
    }
    this.journal.runFinished(outcome);
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

  /** The run is abandoned as it stands (see `guard`); also what the journal calls when the store refuses a batch. */
  breakDown(error: unknown): void {
    if (this.broken) return;
    this.broken = true;
    this.brokenBy = error;
    this.abort.abort();
    this.reject(error);
  }

  private taskOf(planned: PlannedStep): { ref: string; moduleHash: string } {
    return { ref: planned.taskRef, moduleHash: planned.task.moduleHash };
  }

  private state(id: string): StepState {
    return this.states.get(id) as StepState;
  }

  private planned(id: string): PlannedStep {
    return this.ctx.plan.steps.get(id) as PlannedStep;
  }
}

function fieldValue(field: PlannedField, activation: Activation): unknown {
  if ("literal" in field) return field.literal;
  return field.type === undefined
    ? evaluate(field.expression, activation)
    : evaluateAs(field.expression, activation, field.type);
}
