import type { AttemptFinishRow, AttemptRow, EventRow, NewRun, RunStatus, StepRow } from "./run-records.js";

/**
 * One change to a run's records, as data: the engine's journal decides the rows, a store backend
 * applies them (in order, in one transaction per batch). Rows and not SQL, so that a second backend
 * implements the same list.
 */
export type RunWrite =
  | { readonly kind: "insert-run"; readonly row: NewRun }
  /** An attempt as it stands when committed: running, or already finished. */
  | { readonly kind: "insert-attempt"; readonly row: AttemptRow }
  /** The end of an attempt committed running. */
  | { readonly kind: "finish-attempt"; readonly row: AttemptFinishRow }
  /** A step as it stands when committed (its row is created or replaced; its first start is kept). */
  | { readonly kind: "put-step"; readonly row: StepRow }
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
