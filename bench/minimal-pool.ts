import { Worker } from "node:worker_threads";
import { Packr, Unpackr } from "msgpackr";
import { inspectModule } from "../runtime/wasm/index.js";

/** Largest number of calls in one message, as in the wasmflow pool. */
const maxBatch = 32;

/**
 * The worker: a fresh instance per call over one memory per thread, zeroed before each call (a
 * memory a call grew is replaced, as the sandbox does), and the guest's imports stubbed. Plain
 * CommonJS run with `eval`, so nothing but this text is loaded into the thread.
 */
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const { module, memory: limits } = workerData;
const pageBytes = 65536;
const fail = () => {
  throw new Error("the guest failed");
};
const env = { memory: undefined, abort: fail, seed: () => 0 };
const imports = { env, wasmflow: { log: () => {}, fail } };
let memory;
let bytes;

function call(input) {
  if (memory !== undefined && memory.buffer.byteLength === limits.initial * pageBytes) {
    bytes.fill(0);
  } else {
    memory = new WebAssembly.Memory(limits);
    bytes = new Uint8Array(memory.buffer);
  }
  env.memory = memory;
  const { run, wasmflow_alloc: alloc } = new WebAssembly.Instance(module, imports).exports;
  const ptr = alloc(input.length) >>> 0;
  new Uint8Array(memory.buffer, ptr, input.length).set(input);
  const descriptor = run(ptr, input.length) >>> 0;
  const view = new DataView(memory.buffer);
  const at = view.getUint32(descriptor, true);
  const length = view.getUint32(descriptor + 4, true);
  return new Uint8Array(memory.buffer.slice(at, at + length));
}

parentPort.on("message", (inputs) => {
  try {
    parentPort.postMessage({ outputs: inputs.map(call) });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
`;

interface Pending {
  readonly input: Uint8Array;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  /** The batch the worker is running; empty while it is free. */
  calls: Pending[];
}

type Reply = { readonly outputs: readonly Uint8Array[] } | { readonly error: string };

/**
 * The wasmflow pool's design with everything but the design taken out: the same hand-out (calls
 * of one turn queued, then up to `maxBatch` per message, a fair share per free worker), the same
 * fresh instance per call over a pooled memory, MessagePack in and out, but no checks of input or
 * output, no timeouts, no cancellation and no recovery from a dead worker. What it reaches is the
 * most the design can give on this machine; the distance from it is what everything wasmflow adds
 * costs. For sdk modules taking `{ text }` (word-count), in benchmarks only.
 */
export class MinimalPool {
  private readonly packr = new Packr({ useRecords: false });
  private readonly unpackr = new Unpackr({ useRecords: false });
  private readonly slots: Slot[];
  private readonly free: Slot[];
  private queue: Pending[] = [];
  private head = 0;
  private pumpScheduled = false;

  private constructor(workers: readonly Worker[]) {
    this.slots = workers.map((worker) => ({ worker, calls: [] }));
    this.free = [...this.slots];
    for (const slot of this.slots) {
      slot.worker.on("message", (reply: Reply) => this.finish(slot, reply));
      slot.worker.on("error", (error: Error) => {
        const calls = slot.calls;
        slot.calls = [];
        for (const pending of calls) pending.reject(error);
      });
    }
  }

  /** Starts `threads` workers on the compiled module of `bytes`, which imports `env.memory`. */
  static async start(bytes: Uint8Array, threads: number): Promise<MinimalPool> {
    const imported = inspectModule(bytes).imports.find((i) => i.module === "env" && i.name === "memory");
    if (imported?.kind !== "memory" || imported.type.maximum === undefined) {
      throw new Error("the minimal pool runs modules that import env.memory with a maximum");
    }
    const memory = { initial: imported.type.initial, maximum: imported.type.maximum };
    const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    const workers = Array.from(
      { length: threads },
      () => new Worker(workerSource, { eval: true, workerData: { module, memory } }),
    );
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once("online", resolve))));
    return new MinimalPool(workers);
  }

  run(text: string): Promise<unknown> {
    // A copy: the packed Buffer is a view into msgpackr's working buffer, and posting a view
    // clones the whole buffer behind it.
    const input = new Uint8Array(this.packr.pack({ text }));
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.pumpScheduled) return;
      this.pumpScheduled = true;
      // Once every call of this turn is queued, so a burst leaves as full batches.
      queueMicrotask(() => {
        this.pumpScheduled = false;
        this.pump();
      });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private pump(): void {
    while (this.free.length > 0 && this.head < this.queue.length) {
      const share = Math.min(maxBatch, Math.ceil((this.queue.length - this.head) / this.free.length));
      const calls = this.queue.slice(this.head, this.head + share);
      this.head += calls.length;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      const slot = this.free.pop() as Slot;
      slot.calls = calls;
      slot.worker.postMessage(calls.map((pending) => pending.input));
    }
  }

  private finish(slot: Slot, reply: Reply): void {
    const calls = slot.calls;
    slot.calls = [];
    this.free.push(slot);
    if ("error" in reply) {
      for (const pending of calls) pending.reject(new Error(reply.error));
    } else {
      calls.forEach((pending, index) => {
        pending.resolve(this.unpackr.unpack(reply.outputs[index] as Uint8Array));
      });
    }
    this.pump();
  }
}
