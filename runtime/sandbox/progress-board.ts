/**
 * Shared memory where each worker records, for the batch it is running, which call has started
 * and when — and where the pool marks calls cancelled before they start. One row per batch in
 * flight. Reads and writes go through `Atomics`, so the pool sees a call's start time no later
 * than its index.
 */
export class ProgressBoard {
  /** Per slot: index of the call running (-1 before the first). */
  private readonly current: Int32Array;
  /** Per slot: when that call started, in microseconds since the time origin of the process. */
  private readonly started: BigInt64Array;
  /** Per slot and call: 1 when the pool cancelled the call before it started. */
  private readonly skip: Int32Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly slots: number,
    readonly maxBatch: number,
  ) {
    this.current = new Int32Array(buffer, 0, slots);
    this.started = new BigInt64Array(buffer, align8(slots * 4), slots);
    this.skip = new Int32Array(buffer, align8(slots * 4) + slots * 8, slots * maxBatch);
  }

  static create(slots: number, maxBatch: number): ProgressBoard {
    const bytes = align8(slots * 4) + slots * 8 + slots * maxBatch * 4;
    return new ProgressBoard(new SharedArrayBuffer(bytes), slots, maxBatch);
  }

  /** The pool, before posting a batch to `slot`. */
  reset(slot: number): void {
    Atomics.store(this.current, slot, -1);
    this.skip.fill(0, slot * this.maxBatch, (slot + 1) * this.maxBatch);
  }

  /** The worker, as call `index` of the batch in `slot` starts. */
  begin(slot: number, index: number, nowUs: bigint): void {
    Atomics.store(this.started, slot, nowUs);
    Atomics.store(this.current, slot, index);
  }

  /** The call running in `slot` and when it started; index -1 before the worker picked the batch up. */
  running(slot: number): { index: number; startedUs: bigint } {
    const index = Atomics.load(this.current, slot);
    return { index, startedUs: Atomics.load(this.started, slot) };
  }

  cancel(slot: number, index: number): void {
    Atomics.store(this.skip, slot * this.maxBatch + index, 1);
  }

  isCancelled(slot: number, index: number): boolean {
    return Atomics.load(this.skip, slot * this.maxBatch + index) === 1;
  }
}

/** Microseconds since the process's time origin; both threads share it. */
export function nowUs(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
