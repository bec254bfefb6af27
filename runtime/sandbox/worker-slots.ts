import type { Worker } from "node:worker_threads";
import { type SlotListener, type SlotOptions, WorkerSlot } from "./worker-slot.js";

/** Workers that die before they are ready, in a row, before a slot gives up. */
const maxBootFailures = 3;
/** A spare no call needs is kept ready this long, then stopped. */
const standbyMs = 30_000;

/**
 * The pool's workers: `threads` of them always, and up to `threads` spares while calls run long.
 * A call that runs long keeps its worker, and calls that loop until their timeout would otherwise
 * take every worker for as long (two of them on a two-thread pool held up everything else for a
 * second): each call running long puts a spare to work, so the calls waiting keep `threads`
 * workers. A spare no call needs any more stands by, ready — a worker takes tens of milliseconds
 * to start, longer than many calls wait — and stops after `standbyMs` unused.
 */
export class WorkerSlots {
  readonly all: WorkerSlot[] = [];
  private readonly free: WorkerSlot[] = [];
  private readonly standby: WorkerSlot[] = [];
  private readonly standingSince = new Map<WorkerSlot, number>();
  private long = 0;
  private closed = false;

  constructor(
    private readonly threads: number,
    options: SlotOptions,
    listener: SlotListener,
  ) {
    for (let i = 0; i < WorkerSlots.rows(threads); i++) this.all.push(new WorkerSlot(i, options, listener));
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
    return this.free.pop();
  }

  /** A worker is ready for a batch: it has started, or finished its batch. A spare no call needs stands by. */
  release(slot: WorkerSlot): void {
    if (this.closed) return;
    if (slot.index < this.threads || this.available() - this.standby.length <= this.threads) {
      this.free.push(slot);
      return;
    }
    this.standby.push(slot);
    this.standingSince.set(slot, performance.now());
    setTimeout(() => this.retire(slot), standbyMs).unref();
  }

  /** A worker is gone: it is started again unless its slot gave up, or it was a spare no longer needed. */
  exited(slot: WorkerSlot): void {
    remove(this.free, slot);
    remove(this.standby, slot);
    this.standingSince.delete(slot);
    if (this.closed || slot.bootFailures >= maxBootFailures) return;
    if (slot.index >= this.threads && this.available() >= this.threads) return;
    slot.start();
  }

  /**
   * A call has run long on its worker: a spare goes to work, so the calls waiting keep `threads`
   * workers. True when one is free at once (it was standing by); otherwise one starts.
   */
  longCallStarted(): boolean {
    this.long += 1;
    if (this.closed || this.available() - this.standby.length >= this.threads) return false;
    const standing = this.standby.pop();
    if (standing !== undefined) {
      this.standingSince.delete(standing);
      this.free.push(standing);
      return true;
    }
    this.all.find((slot) => slot.index >= this.threads && slot.thread === undefined)?.start();
    return false;
  }

  longCallEnded(): void {
    this.long -= 1;
    // Spares no call needs any more stand by rather than take work the workers can do.
    while (this.available() - this.standby.length > this.threads) {
      const at = this.free.findIndex((slot) => slot.index >= this.threads);
      if (at === -1) return;
      const [spare] = this.free.splice(at, 1);
      if (spare !== undefined) this.release(spare);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.free.length = 0;
    this.standby.length = 0;
    await Promise.all(this.all.map((slot) => slot.close()));
  }

  /** Workers (ready or starting) not held by a call running long. */
  private available(): number {
    let live = 0;
    for (const slot of this.all) if (slot.thread !== undefined) live++;
    return live - this.long;
  }

  private retire(slot: WorkerSlot): void {
    const since = this.standingSince.get(slot);
    if (since === undefined || performance.now() - since < standbyMs) return;
    remove(this.standby, slot);
    this.standingSince.delete(slot);
    void slot.close();
  }
}

function remove(list: WorkerSlot[], slot: WorkerSlot): void {
  const at = list.indexOf(slot);
  if (at !== -1) list.splice(at, 1);
}
