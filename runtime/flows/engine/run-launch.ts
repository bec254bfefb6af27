import type { RunStore, RunWrite } from "../../store/index.js";
import { EventLog, type FlowEvent } from "./events.js";
import type { StepExecutor } from "./execution-context.js";
import type { FlowRun, StartFlowOptions } from "./flow-run.js";
import type { FlowPlan } from "./plan.js";
import type { loadStepStates } from "./resume-state.js";
import { RunExecution } from "./run-execution.js";
import { RunJournal } from "./run-journal.js";
import type { RunOwnership } from "./run-ownership.js";
import { type FlowRunResult, resultOfOutcome } from "./run-results.js";

/** A run executing in this process. */
export interface ActiveRun {
  readonly execution: RunExecution;
  readonly log: EventLog;
  readonly result: Promise<FlowRunResult>;
}

/** A run ready to execute: its plan and input, and (resumed) the states it had reached. */
export interface LaunchRequest {
  readonly id: string;
  readonly flow: string;
  readonly plan: FlowPlan;
  readonly input: unknown;
  readonly loaded?: ReturnType<typeof loadStepStates>;
  /** Written with the run's first batch (a new run's own row). */
  readonly firstWrites?: readonly RunWrite[];
}

/** What launching a run needs of its engine. */
export interface LaunchContext {
  readonly runs: RunStore;
  readonly ownership: RunOwnership;
  /** The runs executing in this process, which a launched run joins until it ends. */
  readonly active: Map<string, ActiveRun>;
  readonly runner: () => StepExecutor;
  readonly limit: <T>(call: () => Promise<T>) => Promise<T>;
  /** Told every event of every run of this engine, after the run's own listener (metrics). */
  readonly observers: ReadonlySet<EventObserver>;
}

/** An engine-wide event listener: each event with its run's flow. */
export type EventObserver = (event: FlowEvent, flow: string) => void;

/**
 * Sets a run going in this process: its journal (events to its log and listener once committed),
 * its execution, cancellation by signal, and its place among the engine's active runs until it
 * ends. `started` settles once its first batch is committed.
 */
export function launchRun(
  engine: LaunchContext,
  request: LaunchRequest,
  options: StartFlowOptions,
): { run: FlowRun; started: Promise<void> } {
  const { id, flow, plan } = request;
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
    for (const observer of engine.observers) {
      try {
        observer(event, flow);
      } catch {
        // Nor an observer's.
      }
    }
  };
  let execution: RunExecution | undefined;
  const lastSeq = request.loaded === undefined ? 0 : engine.runs.lastSeq(id);
  const journal = new RunJournal(engine.runs, id, lastSeq, emit, (error) => execution?.breakDown(error));
  execution = new RunExecution(
    { plan, input: request.input, journal, runner: engine.runner(), limit: engine.limit, random: Math.random },
    request.loaded,
  );
  const running = execution;
  const signal = options.signal;
  const onAbort = (): void => {
    engine.ownership.recordCancelRequest(id);
    running.cancel();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  // Aborted already: the run is recorded cancelled in its first commit, and no call is made.
  if (signal?.aborted === true) running.cancel();
  const started = running.start(() =>
    journal.runStarted({ flow, steps: plan.graph.order, resumed: request.loaded !== undefined }, request.firstWrites),
  );
  // A failed first commit also rejects `result`, which is where a caller not waiting for the start hears of it.
  started.catch(() => {});
  const result = running.done
    .then((outcome) => resultOfOutcome(id, flow, outcome))
    .finally(() => {
      signal?.removeEventListener("abort", onAbort);
      engine.active.delete(id);
      log.close();
      if (engine.active.size === 0) engine.ownership.unwatchCancels();
    });
  // The caller may never await `result`; a run that breaks down is still reported through it.
  result.catch(() => {});
  engine.active.set(id, { execution: running, log, result });
  engine.ownership.watchCancels();
  return { run: { id, reused: false, events: log, result }, started };
}
