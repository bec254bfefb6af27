import type { TaskRunError } from "../errors/index.js";
import type { SubmitOptions } from "./executor.js";
import type { CallRequest, CallResponse } from "./protocol.js";

/** A call from `submit` until it is settled; while it is out, possibly in two batches (see `WorkerPool`). */
export interface Pending {
  readonly request: CallRequest;
  readonly options: SubmitOptions;
  readonly resolve: (response: CallResponse) => void;
  readonly reject: (error: TaskRunError) => void;
  /** For `CallQueue`: skip it when its turn comes. */
  removed: boolean;
  queued: boolean;
  settled: boolean;
  /** Its worker died with no call running: it runs next in a batch of its own, so it answers only for itself. */
  alone: boolean;
  onAbort?: () => void;
}

/** The calls handed to one worker in one message. */
export interface Batch {
  readonly seq: number;
  readonly calls: readonly Pending[];
  /** Bit `i` set once the batch is done with call `i` (answered, or taken back before it started); a batch holds at most 32 calls. */
  closed: number;
  open: number;
  readonly postedAt: number;
  /** The calls behind a long-running one have been taken back (once per batch). */
  revoked: boolean;
  /** Its running call has run long: the worker does not count as available (see `WorkerSlots`). */
  long: boolean;
  /** The pool is terminating the worker because of this call. */
  stop?: { readonly index: number; readonly reason: "timeout" | "cancel" };
}

/** Marks call `index` of a batch as done with, once. */
export function closeCall(batch: Batch, index: number): void {
  if (isClosed(batch, index)) return;
  batch.closed |= 1 << index;
  batch.open -= 1;
}

export function isClosed(batch: Batch, index: number): boolean {
  return (batch.closed & (1 << index)) !== 0;
}
