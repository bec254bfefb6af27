import { boardNow, type CallBoard, CallState } from "./call-board.js";
import { type Batch, closeCall, isClosed, type Pending } from "./pool-calls.js";
import type { WorkerSlot } from "./worker-slot.js";

/** A worker that has not reached a batch this long after it was posted is wedged, and replaced (its calls run elsewhere). */
const wedgedAfterMs = 5000;
/** A call running this long holds its worker: a spare worker takes its place for the others (see `WorkerSlots`). */
const longCallMs = 10;

/** What the watch needs of the pool. */
export interface WatchedPool {
  readonly batches: ReadonlyMap<WorkerSlot, Batch>;
  /** Calls taken back from a batch, to run elsewhere. */
  requeue(calls: readonly Pending[]): void;
  /** A call has run long and keeps its worker. */
  longCallStarted(): void;
}

/**
 * The pool's one timer, and what it does when it fires: each batch's running call is checked
 * against its own deadline (past it, its worker is terminated), against `revokeAfterMs` (past it,
 * what the batch holds behind that call is taken back) and against `longCallMs` (past it, the
 * worker counts as held). It sleeps until the earliest of those moments over all batches.
 */
export class BatchWatch {
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly board: CallBoard,
    private readonly revokeAfterMs: number,
    private readonly pool: WatchedPool,
  ) {}

  /** A batch was posted: the watch wakes by the first moment it may need to act on it. */
  posted(batch: Batch): void {
    let first = Number.POSITIVE_INFINITY;
    for (const pending of batch.calls) first = Math.min(first, pending.options.timeoutMs);
    this.wakeAt(batch.postedAt + Math.min(first, this.revokeAfterMs));
  }

  /** Terminates the worker running call `index`, unless that call has just finished. */
  stop(slot: WorkerSlot, batch: Batch, index: number, reason: "timeout" | "cancel"): void {
    if (batch.stop !== undefined || !this.board.stop(slot.index, index)) return;
    batch.stop = { index, reason };
    slot.terminate();
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Arms the timer for `at` (on the board's clock), unless it will already fire by then. */
  private wakeAt(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.watch(), Math.max(0, at - boardNow()) + 0.5);
    // A batch out holds its worker, and so the process, open; the timer alone need not.
    this.timer.unref();
  }

  private watch(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = boardNow();
    let next = Number.POSITIVE_INFINITY;
    for (const [slot, batch] of this.pool.batches) next = Math.min(next, this.check(slot, batch, now));
    if (next !== Number.POSITIVE_INFINITY) this.wakeAt(next);
  }

  /** Acts on one batch; returns when it should be checked again. */
  private check(slot: WorkerSlot, batch: Batch, now: number): number {
    if (batch.stop !== undefined) return Number.POSITIVE_INFINITY;
    const { index, startedAt } = this.board.running(slot.index);
    const revokeAfterMs = this.revokeAfterMs;
    if (index === -1) {
      // Between two calls (for a moment), or not yet picked up.
      if (!batch.revoked && now >= batch.postedAt + revokeAfterMs) this.revoke(slot, batch, -1);
      if (!this.board.pickedUp(slot.index) && now >= batch.postedAt + wedgedAfterMs) {
        slot.terminate();
        return Number.POSITIVE_INFINITY;
      }
      return now + revokeAfterMs;
    }
    const deadline = startedAt + (batch.calls[index] as Pending).options.timeoutMs;
    if (now >= deadline) {
      this.stop(slot, batch, index, "timeout");
      return now + revokeAfterMs;
    }
    if (!batch.revoked && now >= startedAt + revokeAfterMs) this.revoke(slot, batch, index);
    if (!batch.long && now >= startedAt + longCallMs) {
      batch.long = true;
      this.pool.longCallStarted();
    }
    const wake = batch.revoked ? startedAt + longCallMs : startedAt + revokeAfterMs;
    return batch.long ? deadline : Math.min(deadline, wake);
  }

  /**
   * Takes back what a batch holds behind its running call: calls not started are revoked (the
   * worker will skip them) and queued again; calls finished whose answers the worker still holds
   * are queued again too, as copies — the first answer to arrive wins.
   */
  private revoke(slot: WorkerSlot, batch: Batch, running: number): void {
    batch.revoked = true;
    const again: Pending[] = [];
    batch.calls.forEach((pending, index) => {
      if (index === running || isClosed(batch, index) || pending.settled) return;
      if (index > running) {
        if (!this.board.revoke(slot.index, index)) return;
        closeCall(batch, index);
        again.push(pending);
      } else if (this.board.state(slot.index, index) === CallState.done) {
        again.push(pending);
      }
    });
    this.pool.requeue(again);
  }
}
