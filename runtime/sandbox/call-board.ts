/**
 * Shared memory through which the pool and its workers agree on the fate of every call of a batch.
 * Each call has a cell that only moves forward, by compare-and-swap:
 *
 *   queued ──claim (worker)──► running ──finish (worker)──► done
 *      └──revoke (pool)──► revoked      └──stop (pool)──► stopping
 *
 * So a call the pool revoked is never started, a call the worker claimed is never handed elsewhere,
 * and a call the pool is stopping is never reported done: whichever side swaps first decides. One
 * row per worker slot; the worker also records which call it runs and since when, so the pool can
 * time each call from its own start.
 */
export const CallState = { queued: 0, running: 1, done: 2, revoked: 3, stopping: 4 } as const;

export class CallBoard {
  /** Per slot and call: a `CallState`. */
  private readonly cells: Int32Array;
  /** Per slot: the index of the call last claimed (-1 before the first). */
  private readonly current: Int32Array;
  /** Per slot: when that call started, in milliseconds on the clock `boardNow` reads. */
  private readonly started: Float64Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly slots: number,
    readonly maxBatch: number,
  ) {
    this.started = new Float64Array(buffer, 0, slots);
    this.current = new Int32Array(buffer, slots * 8, slots);
    this.cells = new Int32Array(buffer, slots * 12, slots * maxBatch);
  }

  static create(slots: number, maxBatch: number): CallBoard {
    return new CallBoard(new SharedArrayBuffer(slots * 12 + slots * maxBatch * 4), slots, maxBatch);
  }

  /** The pool, before posting a batch of `count` calls to `slot`: every call queued, none running. */
  reset(slot: number, count: number): void {
    const base = slot * this.maxBatch;
    this.cells.fill(CallState.queued, base, base + count);
    Atomics.store(this.current, slot, -1);
  }

  /** The worker, before running call `index`: false when the pool revoked it first. */
  claim(slot: number, index: number, now: number): boolean {
    // The start time is written before the index that points at it, and read after it.
    this.started[slot] = now;
    Atomics.store(this.current, slot, index);
    const cell = slot * this.maxBatch + index;
    return Atomics.compareExchange(this.cells, cell, CallState.queued, CallState.running) === CallState.queued;
  }

  /** The worker, after call `index` returned: false when the pool is stopping it (its worker is being terminated). */
  finish(slot: number, index: number): boolean {
    const cell = slot * this.maxBatch + index;
    return Atomics.compareExchange(this.cells, cell, CallState.running, CallState.done) === CallState.running;
  }

  /** The pool: takes back a call the worker has not started. */
  revoke(slot: number, index: number): boolean {
    const cell = slot * this.maxBatch + index;
    return Atomics.compareExchange(this.cells, cell, CallState.queued, CallState.revoked) === CallState.queued;
  }

  /** The pool: marks a running call as being stopped, so its worker cannot report it done. */
  stop(slot: number, index: number): boolean {
    const cell = slot * this.maxBatch + index;
    return Atomics.compareExchange(this.cells, cell, CallState.running, CallState.stopping) === CallState.running;
  }

  /** Whether the worker has reached the batch in `slot` at all (it has tried to claim a call). */
  pickedUp(slot: number): boolean {
    return Atomics.load(this.current, slot) >= 0;
  }

  state(slot: number, index: number): number {
    return Atomics.load(this.cells, slot * this.maxBatch + index);
  }

  /** The call running in `slot` and since when; index -1 when none is. */
  running(slot: number): { readonly index: number; readonly startedAt: number } {
    const index = Atomics.load(this.current, slot);
    if (index < 0 || this.state(slot, index) !== CallState.running) return idle;
    const startedAt = this.started[slot] as number;
    // The worker may have moved on between the two reads: then the call read is not the one running.
    return Atomics.load(this.current, slot) === index ? { index, startedAt } : idle;
  }
}

const idle = { index: -1, startedAt: 0 } as const;

// Read once: the getter costs as much as `performance.now()` itself.
const origin = performance.timeOrigin;

/** Milliseconds on a clock every thread of the process shares (each thread's `performance.now()` has its own origin). */
export function boardNow(): number {
  return origin + performance.now();
}
