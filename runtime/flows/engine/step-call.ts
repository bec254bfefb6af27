import type { RunResult } from "../../sandbox/runner-types.js";
import type { StepExecutor } from "./execution-context.js";
import type { PlannedStep } from "./plan.js";
import type { RunJournal } from "./run-journal.js";

/** What one call of a step's task answered, and how long it took (queueing for a slot included). */
export type CallAnswer =
  | { readonly ok: true; readonly result: RunResult; readonly durationMs: number }
  | { readonly ok: false; readonly thrown: unknown; readonly durationMs: number };

export interface CallContext {
  readonly runner: StepExecutor;
  readonly limit: <T>(call: () => Promise<T>) => Promise<T>;
  /** The run's signal: a call not yet made when it aborts is never made. */
  readonly signal: AbortSignal;
}

/**
 * Calls a step's pinned task once, with its limits. `seed` seeds the guest's Math.random: the
 * attempt's number counted over finished attempts, so a retry rolls again, and an attempt re-run
 * after a crash rolls what the lost one would have.
 */
export async function callStep(
  ctx: CallContext,
  planned: PlannedStep,
  input: unknown,
  seed: number,
): Promise<CallAnswer> {
  const started = performance.now();
  const { signal } = ctx;
  try {
    const result = await ctx.limit(() =>
      signal.aborted
        ? Promise.reject(signal.reason)
        : ctx.runner.run(planned.task, input, { ...planned.limits, seed, signal }),
    );
    return { ok: true, result, durationMs: performance.now() - started };
  } catch (thrown) {
    return { ok: false, thrown, durationMs: performance.now() - started };
  }
}

/**
 * A run's calls: each made with `callStep`, remembered while in flight (what a cancel that cannot
 * wait records as stopped), and answered only once the call's start is committed — a call may
 * answer before that, and its answer must not be recorded ahead of its start (see RunJournal).
 */
export class StepCalls {
  readonly inFlight = new Map<string, { readonly attempt: number; readonly startedAt: number }>();

  constructor(
    private readonly ctx: CallContext,
    private readonly journal: RunJournal,
  ) {}

  async make(planned: PlannedStep, input: unknown, attempt: number, seed: number): Promise<CallAnswer> {
    this.inFlight.set(planned.id, { attempt, startedAt: performance.now() });
    const answer = await callStep(this.ctx, planned, input, seed);
    this.inFlight.delete(planned.id);
    await this.journal.committed();
    return answer;
  }
}
