import { Worker } from "node:worker_threads";
import type { FromWorker, ToWorker, WorkerSetup } from "./protocol.js";
import type { AnswerMessage, WorkerKnowledge } from "./wire/index.js";

/** What a slot tells the pool about its worker. */
export interface SlotListener {
  /** The worker listens: it may be given a batch. */
  ready(slot: WorkerSlot): void;
  answers(slot: WorkerSlot, message: AnswerMessage): void;
  /** The worker is gone — terminated by the pool, out of heap, or crashed; `error` is what it reported, if anything. */
  exited(slot: WorkerSlot, error: Error | undefined): void;
}

export interface SlotOptions {
  readonly workerFile: string | URL;
  readonly setup: Omit<WorkerSetup, "slot">;
  readonly heapMb: number;
}

/**
 * One worker thread of the pool and the channel to it (its own `postMessage` port — a batch costs
 * one message and one wake-up, which is what the bare round trip costs). A worker that dies is not
 * restarted here: the pool decides, after it has settled the worker's calls.
 */
export class WorkerSlot {
  /** What this worker has been sent, so a batch names a target and carries a compiled module only once per worker. */
  readonly knows: WorkerKnowledge = { targets: new Set(), modules: new Set() };
  /** Workers of this slot that died before they were ready, in a row. */
  bootFailures = 0;
  private worker: Worker | undefined;
  private isReady = false;

  constructor(
    readonly index: number,
    private readonly options: SlotOptions,
    private readonly listener: SlotListener,
  ) {}

  get ready(): boolean {
    return this.isReady;
  }

  get thread(): Worker | undefined {
    return this.worker;
  }

  start(): void {
    const setup: WorkerSetup = { ...this.options.setup, slot: this.index };
    const worker = new Worker(this.options.workerFile, {
      workerData: setup,
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb, maxYoungGenerationSizeMb: 16 },
    });
    this.worker = worker;
    this.isReady = false;
    this.knows.targets.clear();
    this.knows.modules.clear();
    let failure: Error | undefined;
    worker.on("message", (message: FromWorker) => {
      if (this.worker !== worker) return;
      if (message.type === "answers") {
        this.listener.answers(this, message);
        return;
      }
      this.isReady = true;
      this.bootFailures = 0;
      // Idle, it must not keep the process alive; `busy()` refs it while it holds calls.
      worker.unref();
      this.listener.ready(this);
    });
    worker.on("error", (error) => {
      failure = error;
    });
    worker.on("exit", () => {
      if (this.worker !== worker) return;
      if (!this.isReady) this.bootFailures += 1;
      this.worker = undefined;
      this.isReady = false;
      this.listener.exited(this, failure);
    });
  }

  post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  /** Holds the process open while the worker has calls. */
  busy(): void {
    this.worker?.ref();
  }

  idle(): void {
    this.worker?.unref();
  }

  /** Ends the worker for good, once the pool has no more use for it; no `exited` follows. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.isReady = false;
    await worker?.terminate();
  }

  /** Stops the worker wherever it is — the only way to stop a WebAssembly loop; `exited` follows. */
  terminate(): void {
    void this.worker?.terminate();
  }
}
