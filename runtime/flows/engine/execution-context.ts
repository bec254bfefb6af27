import type { RunnableTask, RunOptions, RunResult } from "../../sandbox/runner-types.js";
import type { FlowPlan } from "./plan.js";
import type { RunJournal } from "./run-journal.js";

/**
 * What runs a step's task: the engine hands it the pinned task, the input and the limits (with
 * the run's signal) and gets the output or a `TaskRunError`. The worker pool's `TaskRunner` is
 * one; a queue of remote workers would be another.
 */
export interface StepExecutor {
  run(task: RunnableTask, input: unknown, options: RunOptions): Promise<RunResult>;
}

/** What one run's execution is given: its plan and input, where it records, and how it calls. */
export interface ExecutionContext {
  readonly plan: FlowPlan;
  readonly input: unknown;
  /** Where every transition is recorded; its batches are committed before their events and calls. */
  readonly journal: RunJournal;
  readonly runner: StepExecutor;
  /** Bounds the calls all runs of an engine have in flight, so a wide fan-out never overflows the pool's queue. */
  readonly limit: <T>(call: () => Promise<T>) => Promise<T>;
  readonly random: () => number;
}
