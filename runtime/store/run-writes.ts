import type { AttemptFinishRow, AttemptStartRow, EventRow, NewRun, RunStatus, StepSettleRow } from "./run-records.js";

/**
 * One change to a run's records, as data: the engine's journal decides the rows, a store backend
 * applies them (in order, in one transaction per batch). Rows and not SQL, so that a second backend
 * implements the same list.
 */
export type RunWrite =
  | { readonly kind: "insert-run"; readonly row: NewRun }
  | { readonly kind: "start-attempt"; readonly row: AttemptStartRow }
  | { readonly kind: "finish-attempt"; readonly row: AttemptFinishRow }
  | { readonly kind: "settle-step"; readonly row: StepSettleRow }
  /** Attempts a dead process left running: they never finished. */
  | { readonly kind: "interrupt-attempts"; readonly runId: string; readonly at: string }
  | {
      readonly kind: "finish-run";
      readonly runId: string;
      readonly status: Exclude<RunStatus, "running">;
      readonly output: Uint8Array | null;
      readonly error: string | null;
      readonly at: string;
    }
  /** The events of one batch of one run. */
  | { readonly kind: "append-events"; readonly row: EventRow };
