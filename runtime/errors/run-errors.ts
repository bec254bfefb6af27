import { WasmflowError } from "./wasmflow-error.js";

/** A run's state as these errors report it: a stored status, or `running` for a run a live process executes. */
type RunState = "running" | "succeeded" | "failed" | "cancelled";

/** Thrown when cancelling a run that already succeeded or failed (before, or while the cancel was on its way). */
export class RunFinishedError extends WasmflowError {
  static override readonly brand = "wasmflow.RunFinishedError";
  constructor(id: string, status: "succeeded" | "failed") {
    super("RUN_FINISHED", `run ${id} has already ${status}: there is nothing to cancel`, {
      details: { id, status },
    });
  }
}

/** Which live process executes a run: its pid, and the owner id of the runtime in it. */
export interface RunOwner {
  readonly owner: string;
  readonly pid?: number;
}

/**
 * Thrown when resuming a run that is not interrupted: it has finished, or a live process is
 * executing it (then `details` also says which: `owner`, `pid`).
 */
export class RunNotResumableError extends WasmflowError {
  static override readonly brand = "wasmflow.RunNotResumableError";
  constructor(id: string, status: RunState, why: string, owner?: RunOwner) {
    super("RUN_NOT_RESUMABLE", `run ${id} cannot be resumed: ${why}`, { details: { id, status, ...owner } });
  }
}
