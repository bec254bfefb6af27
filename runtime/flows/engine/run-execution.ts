import { setMaxListeners } from "node:events";
import type { LogRecord, RunResult } from "../../sandbox/runner-types.js";
import { retryAfter, sleep } from "./backoff.js";
import type { RunError, StepError } from "./events.js";
import type { ExecutionContext } from "./execution-context.js";
import { decideJoin } from "./join.js";
import type { PlannedStep } from "./plan.js";
import { RunEnd, recordRunEnd } from "./run-end.js";
import type { RunJournal, RunOutcome } from "./run-journal.js";
import { RunState, type StepState } from "./run-state.js";
import { StepCalls } from "./step-call.js";
import { cancelRunningStep, cancelRunningSteps } from "./step-cancel.js";
import { toStepError } from "./step-error.js";
import { chooseArm, mapInput } from "./step-values.js";

export type { ExecutionContext } from "./execution-context.js";
export type { RunOutcome } from "./run-journal.js";
export type { StepState } from "./run-state.js";

/**
 * Drives one run: decides which steps run, skip or wait (see `decideJoin`), runs ready steps
 * concurrently, retries with backoff, and finishes the run. It only decides: every transition is
 * told to the journal, whose batch is flushed at the end of each reaction — so after a crash the
 * store holds exactly what happened, and resuming (loading the same states into a new execution)
 * continues from there. Each transition costs the same whatever the size of the flow.
 */
export class RunExecution {
  readonly done: Promise<RunOutcome>;
  private readonly run: RunState;
  private readonly abort = new AbortController();
  private readonly journal: RunJournal;
  private readonly calls: StepCalls;
  private active = 0;
  private failure: RunError | undefined;
  private cancelled = false;
  private finished = false;
  private readonly end = new RunEnd();

  constructor(
    private readonly ctx: ExecutionContext,
    loaded?: ReadonlyMap<string, StepState>,
  ) {
    this.journal = ctx.journal;
    this.calls = new StepCalls({ runner: ctx.runner, limit: ctx.limit, signal: this.abort.signal }, this.journal);
    // Every call of the run listens to this one signal: a fan-out of thousands is expected, not a leak.
    setMaxListeners(0, this.abort.signal);
    this.done = this.end.done;
    this.run = new RunState(ctx.plan, ctx.input, loaded);
    if (loaded !== undefined) this.failure = this.run.loadedFailure();
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
    if (this.end.broken) throw this.end.brokenBy;
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
    if (this.finished || this.end.broken) return;
    this.cancel();
    cancelRunningSteps(this.run, this.journal, this.ctx.plan, this.calls.inFlight);
    this.active = 0;
    const outcome = this.finish();
    try {
      this.journal.flushNow();
    } catch (error) {
      this.breakDown(error);
      throw error;
    }
    // Calls still stopping answer into a run that is over: they find it ended, and drop what they bring.
    this.end.closeWith(outcome);
  }

  private advance(candidates: readonly string[]): void {
    const work = [...candidates];
    for (let next = 0; next < work.length; next += 1) {
      const id = work[next] as string;
      const state = this.run.of(id);
      if (state === undefined || state.status !== "pending" || this.failure !== undefined || this.cancelled) continue;
      if (this.run.waiting(id)) continue;
      const planned = this.planned(id);
      const decision = decideJoin(planned.step.join, planned.edgesIn, (other) => this.state(other));
      if (decision.kind === "wait") continue;
      if (decision.kind === "skip") {
        this.run.settle(planned, "skipped");
        this.journal.stepSettled(id, state.attempts, { status: "skipped", reason: decision.reason });
        if (planned.step.join === "any-succeeded" && decision.failed !== undefined) {
          this.failure ??= this.run.toleratedFailure(planned);
        }
        work.push(...planned.successors);
        continue;
      }
      let input: unknown;
      try {
        input = mapInput(planned, this.run.activation());
      } catch (error) {
        state.attempts += 1;
        this.journal.attemptStarted(id, state.attempts, planned, undefined);
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
    this.journal.attemptStarted(planned.id, attempt, planned, input);
    this.journal.launch(() => {
      this.call(planned, input, attempt).catch((error: unknown) => this.breakDown(error));
    });
  }

  private async call(planned: PlannedStep, input: unknown, attempt: number): Promise<void> {
    const answer = await this.calls.make(planned, input, attempt, this.state(planned.id).failures + 1);
    if (answer.ok) this.guard(() => this.attemptSucceeded(planned, attempt, answer.result, answer.durationMs));
    else await this.attemptFailed(planned, input, attempt, answer.thrown, answer.durationMs);
  }

  private attemptSucceeded(planned: PlannedStep, attempt: number, result: RunResult, durationMs: number): void {
    if (this.end.broken) return;
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
      // Conditions read the step's own output: it is entered now (a failure replaces it with the error).
      this.run.setOutput(id, result.output);
      arm = planned.arms.length === 0 ? undefined : chooseArm(planned, this.run.activation());
    } catch (error) {
      // The attempt itself succeeded and is recorded so: only the step fails.
      this.stepFailed(planned, attempt, toStepError(error).error, undefined);
      this.advance(planned.successors);
      this.flush();
      return;
    }
    state.arm = arm;
    this.run.settle(planned, "succeeded");
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
    if (this.end.broken) return;
    const state = this.state(planned.id);
    const { error, logs } = toStepError(thrown);
    state.failures += 1;
    // A cancelled or already failing run retries nothing.
    const delayMs =
      this.cancelled || this.failure !== undefined
        ? undefined
        : retryAfter(planned.retry, error.code, state.failures, this.ctx.random);
    if (delayMs === undefined) {
      this.guard(() => {
        this.active -= 1;
        if (this.cancelled) cancelRunningStep(this.run, this.journal, planned, attempt, durationMs);
        else {
          this.stepFailed(planned, attempt, error, { logs, durationMs });
          this.advance(planned.successors);
        }
        this.flush();
      });
      return;
    }
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
      if (this.end.broken) return;
      if (this.cancelled) {
        this.active -= 1;
        cancelRunningStep(this.run, this.journal, planned, undefined, 0);
      } else this.startAttempt(planned, input);
      this.flush();
    });
  }

  /** `call` is undefined when the call itself succeeded and its attempt is already recorded. */
  private stepFailed(
    planned: PlannedStep,
    attempt: number,
    error: StepError,
    call: { logs: readonly LogRecord[]; durationMs: number } | undefined,
  ): void {
    const id = planned.id;
    const state = this.state(id);
    this.run.setError(id, error);
    this.run.settle(planned, "failed");
    if (call !== undefined) this.journal.attemptFinished(id, attempt, { status: "failed", error, ...call });
    const handled = planned.handled || planned.tolerated;
    this.journal.stepSettled(id, state.attempts, { status: "failed", attempt, error, handled });
    if (!handled) this.failure ??= { ...error, step: id };
  }

  /** Flushes the journal's batch; when it leaves nothing running, the run's end goes with it. */
  private flush(): void {
    if (this.end.broken) return;
    let outcome: RunOutcome | undefined;
    if (!this.finished && this.active === 0 && !this.journal.launching) outcome = this.finish();
    this.journal.flush(() => {
      if (!this.end.broken && outcome !== undefined) this.end.resolve(outcome);
    });
  }

  private finish(): RunOutcome {
    this.finished = true;
    return recordRunEnd(this.ctx.plan, this.run, this.journal, this.cancelled, this.failure);
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
    if (this.end.breakDown(error)) this.abort.abort();
  }

  private state(id: string): StepState {
    return this.run.of(id);
  }

  private planned(id: string): PlannedStep {
    return this.ctx.plan.steps.get(id) as PlannedStep;
  }
}
