import type { TaskRunner } from "../../sandbox/index.js";
import type { FlowPlan } from "./plan.js";
import type { RunJournal } from "./run-journal.js";

/** What one run's execution is given: its plan and input, where it records, and how it calls. */
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
