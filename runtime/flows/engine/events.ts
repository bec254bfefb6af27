/** A step's failure as runs record it: a stable code (TaskRunError codes, CONDITION_ERROR, …) and a message. */
export interface StepError {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Why a run failed: the error of the step that caused it, or of the output mapping (no step). */
export interface RunError extends StepError {
  readonly step?: string;
}

/** The error of a cancelled run, and of its steps that were stopped. */
export const cancelledError: RunError = { code: "CANCELLED", message: "the run was cancelled" };

interface RunEventBase {
  readonly runId: string;
  /**
   * The event's place in its run's history: 1, 2, 3… with no gap, across resumptions and
   * processes. Events are stored with it, in the transaction of the state they describe.
   */
  readonly seq: number;
  /** `Date.now()` when the engine recorded the event. */
  readonly at: number;
}

/**
 * What a flow run reports as it goes, in order. Emitted after the state it describes is committed
 * to the store (with the event itself), so a listener never sees something a crash could take
 * back, and `history` replays exactly what listeners saw.
 */
export type FlowEvent = RunEventBase &
  (
    | {
        readonly type: "run-started";
        readonly flow: string;
        readonly steps: readonly string[];
        readonly resumed: boolean;
      }
    | { readonly type: "step-started"; readonly step: string; readonly attempt: number; readonly task: string }
    | {
        readonly type: "step-retrying";
        readonly step: string;
        readonly attempt: number;
        readonly error: StepError;
        readonly delayMs: number;
      }
    | { readonly type: "step-skipped"; readonly step: string; readonly reason: string }
    | {
        readonly type: "step-completed";
        readonly step: string;
        readonly attempt: number;
        readonly durationMs: number;
        /** The branch arm taken, when the step has a branch. */
        readonly arm?: number;
      }
    | {
        readonly type: "step-failed";
        readonly step: string;
        readonly attempt: number;
        readonly error: StepError;
        /** An onError path (or an any-succeeded join) takes the failure; the run goes on. */
        readonly handled: boolean;
      }
    | {
        /** The run was cancelled before this step finished: its call was stopped, or it never ran. */
        readonly type: "step-cancelled";
        readonly step: string;
        /** The attempt whose call the cancel stopped; absent when no call of the step was in flight. */
        readonly attempt?: number;
        /** Why the step did not run (again); absent when a call was stopped. */
        readonly reason?: string;
      }
    | { readonly type: "run-completed"; readonly output: unknown }
    | { readonly type: "run-failed"; readonly error: RunError }
    | { readonly type: "run-cancelled" }
  );

export type FlowEventType = FlowEvent["type"];

/** The events that end a run's history (until it is resumed, for none of them ends a resumable run). */
export function isFinalEvent(event: FlowEvent): boolean {
  return event.type === "run-completed" || event.type === "run-failed" || event.type === "run-cancelled";
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event's own fields: what the journal is told, before it numbers, dates and stores it. */
export type FlowEventFields = DistributiveOmit<FlowEvent, "runId" | "seq" | "at">;

/**
 * The events of one run, kept so every reader sees all of them from the first, however late it
 * starts iterating. A run has a bounded number of events (steps × attempts), so keeping them is
 * cheap; iteration ends after the run's last event.
 */
export class EventLog implements AsyncIterable<FlowEvent> {
  private readonly events: FlowEvent[] = [];
  private closed = false;
  private wake: (() => void)[] = [];

  push(event: FlowEvent): void {
    if (this.closed) return;
    this.events.push(event);
    this.notify();
  }

  close(): void {
    this.closed = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<FlowEvent> {
    let next = 0;
    for (;;) {
      while (next < this.events.length) {
        yield this.events[next] as FlowEvent;
        next += 1;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => this.wake.push(resolve));
    }
  }

  private notify(): void {
    const waiting = this.wake;
    this.wake = [];
    for (const resolve of waiting) resolve();
  }
}
