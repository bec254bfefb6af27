import type { FlowEvent, RunDetails } from "../api/wasmflow.js";
import type { StepVisualState } from "./step-status.js";

export interface StepView {
  readonly id: string;
  /** `name@revision` of the task the step runs (or, before it ran, the one its definition names). */
  readonly task?: string;
  readonly state: StepVisualState;
  /** The number of the step's latest attempt; 0 before its first. */
  readonly attempt: number;
  readonly error?: { readonly code: string; readonly message: string };
  /** The branch arm taken, when the step has a branch and succeeded. */
  readonly arm?: number;
  /** Why the step was skipped, or was cancelled without a call in flight. */
  readonly reason?: string;
  /** While `retrying`: the backoff the engine waits before the next attempt. */
  readonly retryInMs?: number;
}

export interface RunView {
  readonly id: string;
  readonly status: RunDetails["status"];
  readonly steps: Readonly<Record<string, StepView>>;
  /** The `seq` of the last event the view reflects: events at or before it are replays. */
  readonly lastSeq: number;
}

/** The error a stopped call is stored with, so a view built from events matches one built from the store. */
const cancelledCall = { code: "CANCELLED", message: "the run was cancelled" } as const;

/**
 * A stored run as the dashboard draws it. The store has no `retrying`: a step waiting out its
 * backoff is stored `running`, and stays so here until a `step-retrying` event says otherwise.
 */
export function runViewOf(details: RunDetails, lastSeq: number): RunView {
  const steps: Record<string, StepView> = {};
  for (const step of details.steps) {
    steps[step.id] = {
      id: step.id,
      task: step.attempts.at(-1)?.task ?? step.task,
      state: step.status,
      attempt: step.attempts.at(-1)?.attempt ?? 0,
      ...(step.error === undefined ? {} : { error: { code: step.error.code, message: step.error.message } }),
      ...(step.arm === undefined ? {} : { arm: step.arm }),
      ...(step.reason === undefined ? {} : { reason: step.reason }),
    };
  }
  return { id: details.id, status: details.status, steps, lastSeq };
}

/**
 * The view after `events`, as a new object: only the steps an event touched are new objects, so
 * a renderer can skip the others by identity. Events at or before `view.lastSeq` are replays (a
 * stream reopened, or a history the stored details already covered) and are ignored; when every
 * event is, the same view is returned.
 */
export function applyEvents(view: RunView, events: readonly FlowEvent[]): RunView {
  let status = view.status;
  let lastSeq = view.lastSeq;
  // Copied once per call, not per event: a replayed history of thousands of events stays linear.
  let steps: Record<string, StepView> | undefined;
  const stepsNow = (): Record<string, StepView> => {
    steps ??= { ...view.steps };
    return steps;
  };
  const put = (id: string, change: (step: StepView) => StepView): void => {
    const all = stepsNow();
    all[id] = change(all[id] ?? { id, state: "pending", attempt: 0 });
  };

  for (const event of events) {
    if (event.seq <= lastSeq) continue;
    lastSeq = event.seq;
    switch (event.type) {
      case "run-started":
        status = "running";
        for (const id of event.steps) put(id, (step) => (event.resumed ? resumed(step) : fresh(step)));
        break;
      case "step-started":
        put(event.step, (step) => ({ ...base(step), task: event.task, state: "running", attempt: event.attempt }));
        break;
      case "step-retrying":
        put(event.step, (step) => ({
          ...base(step),
          state: "retrying",
          attempt: event.attempt,
          error: { code: event.error.code, message: event.error.message },
          retryInMs: event.delayMs,
        }));
        break;
      case "step-skipped":
        put(event.step, (step) => ({ ...base(step), state: "skipped", reason: event.reason }));
        break;
      case "step-completed":
        put(event.step, (step) => ({
          ...base(step),
          state: "succeeded",
          attempt: event.attempt,
          ...(event.arm === undefined ? {} : { arm: event.arm }),
        }));
        break;
      case "step-failed":
        put(event.step, (step) => ({
          ...base(step),
          state: "failed",
          attempt: event.attempt,
          error: { code: event.error.code, message: event.error.message },
        }));
        break;
      case "step-cancelled":
        put(event.step, (step) => ({
          ...base(step),
          state: "cancelled",
          ...(event.attempt === undefined ? {} : { attempt: event.attempt, error: cancelledCall }),
          ...(event.reason === undefined ? {} : { reason: event.reason }),
        }));
        break;
      case "run-completed":
        status = "succeeded";
        break;
      case "run-failed":
        status = "failed";
        break;
      case "run-cancelled":
        status = "cancelled";
        break;
    }
  }

  if (lastSeq === view.lastSeq) return view;
  return { id: view.id, status, steps: steps ?? view.steps, lastSeq };
}

/** The fields every state carries over: what the step is, not how its last attempt went. */
function base(step: StepView): { id: string; task?: string; attempt: number } {
  return { id: step.id, ...(step.task === undefined ? {} : { task: step.task }), attempt: step.attempt };
}

/** A run's first start: nothing has happened to any step yet. */
function fresh(step: StepView): StepView {
  if (step.state === "pending" && step.attempt === 0 && step.error === undefined) return step;
  return { id: step.id, ...(step.task === undefined ? {} : { task: step.task }), state: "pending", attempt: 0 };
}

/**
 * A resumed run: steps that were running when their process died have no call in flight until
 * they start again, under their next attempt number; settled steps keep their outcome.
 */
function resumed(step: StepView): StepView {
  if (step.state !== "running" && step.state !== "retrying") return step;
  return { ...base(step), state: "pending" };
}
