/**
 * A step's state as the dashboard draws it: a stored step's status, plus `retrying` (an attempt
 * failed and the next waits out its backoff), which only the event stream tells.
 */
export type StepVisualState = "pending" | "running" | "succeeded" | "failed" | "skipped" | "retrying" | "cancelled";

export const stepVisualStates: readonly StepVisualState[] = [
  "pending",
  "running",
  "retrying",
  "succeeded",
  "failed",
  "skipped",
  "cancelled",
];
