import type { CallRequest, ModuleRef, PlainValueKind } from "../protocol.js";

/**
 * Several calls in one message to a worker, laid out so that copying it between threads costs
 * little. Structured clone pays for every object and every `ArrayBuffer` it meets, on both threads
 * — a batch of 32 calls as objects cost four times this layout, and a one-call batch paid about
 * 10 µs of a 35 µs round trip for its shape alone. So a batch is one buffer: the numbers of every
 * call, then every byte input (sdk, ptr-len) back to back. The module and export a call runs are a number, a
 * *target* the worker is told about once (with the compiled module, if it lacks it).
 */
export interface BatchMessage {
  readonly type: "batch";
  /** Numbers the batches of one slot, so an answer is never taken for another batch's. */
  readonly seq: number;
  readonly count: number;
  /** `callFields` float64 per call (see `Field`), then the byte inputs. */
  readonly buffer: ArrayBuffer;
  /** Targets the worker has not been told about, or whose module it lacks; null when none. */
  readonly targets: readonly Target[] | null;
  /** Per call, what a plain or component call passes; null for a batch of byte-input calls only. */
  readonly plain: readonly (PlainArgs | ComponentArgs | null)[] | null;
}

/** A module and the export a call runs in it, numbered for the worker. */
export interface Target {
  readonly id: number;
  readonly module: ModuleRef;
  readonly entry: string;
}

export interface PlainArgs {
  readonly args: readonly unknown[];
  readonly argKinds: readonly PlainValueKind[];
  readonly resultKind: PlainValueKind;
}

/** A component call's arguments, in jco's shape. */
export interface ComponentArgs {
  readonly args: readonly unknown[];
}

/** What a worker has been sent: target ids, and module hashes whose compiled module it holds. */
export interface WorkerKnowledge {
  readonly targets: Set<number>;
  readonly modules: Set<string>;
}

const Field = { target: 0, abi: 1, instance: 2, seed: 3, maxOutputBytes: 4, offset: 5, length: 6 } as const;
/** The `abi` field's values. */
const Abi = { sdk: 0, plain: 1, ptrLen: 2, component: 3 } as const;
const callFields = 8;
const headerBytes = callFields * 8;

/** Numbers the (module, export) pairs calls run; targets live as long as their module reference. */
export class TargetTable {
  private readonly byModule = new WeakMap<ModuleRef, Map<string, Target>>();
  private next = 0;

  of(call: CallRequest): Target {
    let entries = this.byModule.get(call.module);
    if (entries === undefined) {
      entries = new Map();
      this.byModule.set(call.module, entries);
    }
    let target = entries.get(call.entry);
    if (target === undefined) {
      const { hash, memory, module } = call.module;
      target = {
        id: this.next++,
        module: module === undefined ? { hash, memory } : { hash, memory, module },
        entry: call.entry,
      };
      entries.set(call.entry, target);
    }
    return target;
  }
}

/**
 * Lays out `calls` for a worker, telling it the targets it does not know and sending each
 * compiled module it lacks (V8 shares the code between threads); `worker` is updated to match.
 */
export function encodeBatch(
  seq: number,
  calls: readonly { readonly request: CallRequest }[],
  table: TargetTable,
  worker: WorkerKnowledge,
): BatchMessage {
  let inputBytes = 0;
  for (const { request } of calls) {
    if (request.abi === "sdk" || request.abi === "ptr-len") inputBytes += request.input.byteLength;
  }
  const start = calls.length * headerBytes;
  const buffer = new ArrayBuffer(start + inputBytes);
  const header = new Float64Array(buffer, 0, calls.length * callFields);
  const bytes = new Uint8Array(buffer);
  let targets: Target[] | null = null;
  let plain: (PlainArgs | ComponentArgs | null)[] | null = null;
  let offset = start;
  for (let i = 0; i < calls.length; i++) {
    const call = (calls[i] as { readonly request: CallRequest }).request;
    const target = table.of(call);
    const hash = target.module.hash;
    if (!worker.targets.has(target.id) || !worker.modules.has(hash)) {
      targets ??= [];
      targets.push(worker.modules.has(hash) ? { ...target, module: { hash, memory: target.module.memory } } : target);
      worker.targets.add(target.id);
      if (target.module.module !== undefined) worker.modules.add(hash);
    }
    const at = i * callFields;
    header[at + Field.target] = target.id;
    header[at + Field.instance] = call.instance === "reuse" ? 1 : 0;
    header[at + Field.seed] = call.seed;
    header[at + Field.maxOutputBytes] = call.maxOutputBytes;
    if (call.abi === "component") {
      header[at + Field.abi] = Abi.component;
      plain ??= Array.from({ length: calls.length }, () => null);
      plain[i] = { args: call.args };
    } else if (call.abi !== "plain") {
      header[at + Field.abi] = call.abi === "sdk" ? Abi.sdk : Abi.ptrLen;
      header[at + Field.offset] = offset;
      header[at + Field.length] = call.input.byteLength;
      bytes.set(call.input, offset);
      offset += call.input.byteLength;
    } else {
      header[at + Field.abi] = Abi.plain;
      plain ??= Array.from({ length: calls.length }, () => null);
      plain[i] = { args: call.args, argKinds: call.argKinds, resultKind: call.resultKind };
    }
  }
  return { type: "batch", seq, count: calls.length, buffer, targets, plain };
}

/** Bound on the targets a worker remembers; one it has forgotten is answered `need-module`, and sent again. */
const maxTargets = 1024;

/** The worker's side: remembers targets, and turns each batch back into calls. */
export class BatchReader {
  private readonly targets = new Map<number, { readonly module: ModuleRef; readonly entry: string }>();

  /** The calls of `batch`; byte inputs are views of its buffer. A call whose target is unknown has none. */
  read(batch: BatchMessage): (CallRequest | undefined)[] {
    let sent: Map<number, ModuleRef> | undefined;
    if (batch.targets !== null) {
      sent = new Map();
      for (const target of batch.targets) {
        // Remembered without the compiled module: the thread's runtime keeps (and may let go of) it.
        const { hash, memory } = target.module;
        this.targets.delete(target.id);
        this.targets.set(target.id, { module: { hash, memory }, entry: target.entry });
        if (target.module.module !== undefined) sent.set(target.id, target.module);
      }
      while (this.targets.size > maxTargets) this.targets.delete(this.targets.keys().next().value as number);
    }
    const header = new Float64Array(batch.buffer, 0, batch.count * callFields);
    const calls: (CallRequest | undefined)[] = new Array(batch.count);
    for (let i = 0; i < batch.count; i++) {
      const at = i * callFields;
      const id = header[at + Field.target] as number;
      const known = this.targets.get(id);
      if (known === undefined) continue;
      const module = sent?.get(id) ?? known.module;
      const entry = known.entry;
      const seed = header[at + Field.seed] as number;
      const instance = header[at + Field.instance] === 1 ? "reuse" : "fresh";
      const maxOutputBytes = header[at + Field.maxOutputBytes] as number;
      const plain = batch.plain?.[i];
      const abi = header[at + Field.abi];
      if (abi === Abi.component && plain != null) {
        calls[i] = { abi: "component", task: "", module, entry, seed, instance, maxOutputBytes, args: plain.args };
        continue;
      }
      if (abi === Abi.plain && plain != null && "argKinds" in plain) {
        const { args, argKinds, resultKind } = plain;
        calls[i] = {
          abi: "plain",
          task: "",
          module,
          entry,
          seed,
          instance,
          maxOutputBytes,
          args,
          argKinds,
          resultKind,
        };
        continue;
      }
      const input = new Uint8Array(
        batch.buffer,
        header[at + Field.offset] as number,
        header[at + Field.length] as number,
      );
      calls[i] =
        abi === Abi.ptrLen
          ? { abi: "ptr-len", task: "", module, entry, seed, instance, maxOutputBytes, input }
          : { abi: "sdk", task: "", module, entry, seed, instance, maxOutputBytes, input };
    }
    return calls;
  }
}
