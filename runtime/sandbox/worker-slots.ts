import type { Worker } from "node:worker_threads";
import { type SlotListener, type SlotOptions, WorkerSlot } from "./worker-slot.js";

/** Workers that die before they are ready, in a row, before a slot gives up. */
const maxBootFailures = 3;
/** A spare worker idle this long, with no call running long any more, is stopped. */
const spareIdleMs = 1000;

/**
 * The pool's workers: `threads` of them always, and up to `threads` spares while calls run long.
 * A call that runs long keeps its worker, and calls that loop until their timeout would otherwise
 * take every worker for as long (two of them on a two-thread pool held up everything else for a
 * second): each call running long lets a spare start, so the calls waiting keep `threads`
 * workers. A spare stops once it has been idle a while and no call needs it.
 */
export class WorkerSlots {
  readonly all: WorkerSlot[] = [];
  private readonly free: WorkerSlot[] = [];
  private readonly idleSince = new Map<WorkerSlot, number>();
  private long = 0;
  private closed = false;

  constructor(
    private readonly threads: number,
    options: SlotOptions,
    listener: SlotListener,
  ) {
    for (let i = 0; i < WorkerSlots.rows(threads); i++) {
      this.all.push(new WorkerSlot(i, options, listener));
    }
    for (const slot of this.all.slice(0, threads)) slot.start();
  }

  /** Board rows the slots need: the workers and their spares. */
  static rows(threads: number): number {
    return threads * 2;
  }

  get freeCount(): number {
    return this.free.length;
  }

  get threadsAlive(): readonly Worker[] {
    return this.all.flatMap((slot) => (slot.thread === undefined ? [] : [slot.thread]));
  }

  /** Every slot has given up starting a worker: calls would wait forever. */
  get broken(): boolean {
    return this.all.slice(0, this.threads).every((slot) => slot.bootFailures >= maxBootFailures);
  }

  /** The most recently freed worker (its caches are warm), or undefined when none is free. */
  take(): WorkerSlot | undefined {
    const slot = this.free.pop();
    if (slot !== undefined && this.isSpare(slot)) this.idleSince.delete(slot);
    return slot;
  }

  /** A worker is ready for a batch: it has started, or finished its batch. */
  release(slot: WorkerSlot): void {
    if (this.closed) return;
    this.free.push(slot);
    if (this.isSpare(slot)) {
      this.idleSince.set(slot, performance.now());
      this.retireLater(slot);
    }
  }

  /** A worker is gone: it is started again unless its slot gave up, or it was a spare no longer needed. */
  exited(slot: WorkerSlot): void {
    const at = this.free.indexOf(slot);
    if (at !== -1) this.free.splice(at, 1);
    this.idleSince.delete(slot);
    if (this.closed || slot.bootFailures >= maxBootFailures) return;
    if (this.isSpare(slot) && this.available() >= this.threads) return;
    slot.start();
  }

  /** A call has run long on its worker: start a spare, so the calls waiting keep `threads` workers. */
  longCallStarted(): void {
    this.long += 1;
    if (this.closed || this.available() >= this.threads) return;
    this.all.find((slot) => this.isSpare(slot) && slot.thread === undefined)?.start();
  }

  longCallEnded(): void {
    this.long -= 1;
    // Spares idle since the long call needed them may now be stopped.
    for (const slot of this.free) if (this.isSpare(slot)) this.retireLater(slot);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.free.length = 0;
    await Promise.all(this.all.map((slot) => slot.close()));
  }

  /** Workers (ready or starting) not held by a call running long. */
  private available(): number {
    let live = 0;
    for (const slot of this.all) if (slot.thread !== undefined) live++;
    return live - this.long;
  }

  private isSpare(slot: WorkerSlot): boolean {
    return slot.index >= this.threads;
  }

  private retireLater(slot: WorkerSlot): void {
    setTimeout(() => this.retire(slot), spareIdleMs).unref();
  }

  private retire(slot: WorkerSlot): void {
    const since = this.idleSince.get(slot);
    if (since === undefined || performance.now() - since < spareIdleMs || this.available() <= this.threads) return;
    this.free.splice(this.free.indexOf(slot), 1);
    this.idleSince.delete(slot);
    void slot.close();
  }
}
