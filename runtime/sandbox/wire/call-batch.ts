import type { CallRequest, ModuleRef, PlainValueKind } from "../protocol.js";

/**
 * Several calls in one message to a worker, laid out so that copying it between threads costs
 * little: the numbers of every call in one `Float64Array`, every sdk input back to back in one
 * buffer, each distinct module and export name once. Structured clone spends about a microsecond
 * on each object and each `ArrayBuffer` it meets, on both threads; a batch of 32 calls as objects
 * cost four times this layout, and the main thread, which posts every batch, is what bounds
 * throughput.
 */
export interface BatchMessage {
  readonly type: "batch";
  /** Numbers the batches of one slot, so an answer is never taken for another batch's. */
  readonly seq: number;
  /** Each module once; the compiled module only where the worker has not received it yet. */
  readonly modules: readonly ModuleRef[];
  readonly entries: readonly string[];
  /** `callFields` numbers per call, see `Field`. */
  readonly header: Float64Array;
  /** The sdk inputs, back to back. */
  readonly input: Uint8Array;
  /** Per call, what a plain call passes; null for a batch of sdk calls only. */
  readonly plain: readonly (PlainArgs | null)[] | null;
}

export interface PlainArgs {
  readonly args: readonly unknown[];
  readonly argKinds: readonly PlainValueKind[];
  readonly resultKind: PlainValueKind;
}

const Field = { module: 0, entry: 1, abi: 2, instance: 3, seed: 4, maxOutputBytes: 5, offset: 6, length: 7 } as const;
const callFields = 8;
const noInput = new Uint8Array(0);

/**
 * Lays out `calls` for a worker. `knows(hash)` says whether the worker has a module already; the
 * compiled module is attached to the batch otherwise (V8 shares its code between threads).
 */
export function encodeBatch(
  seq: number,
  calls: readonly CallRequest[],
  knows: (hash: string) => boolean,
): BatchMessage {
  const modules: ModuleRef[] = [];
  const moduleIndex = new Map<string, number>();
  const entries: string[] = [];
  const header = new Float64Array(calls.length * callFields);
  let inputBytes = 0;
  let plain: (PlainArgs | null)[] | null = null;
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i] as CallRequest;
    let m = moduleIndex.get(call.module.hash);
    if (m === undefined) {
      m = modules.length;
      moduleIndex.set(call.module.hash, m);
      const { hash, memory, module } = call.module;
      modules.push(module === undefined || knows(hash) ? { hash, memory } : { hash, memory, module });
    }
    let e = entries.indexOf(call.entry);
    if (e === -1) e = entries.push(call.entry) - 1;
    const at = i * callFields;
    header[at + Field.module] = m;
    header[at + Field.entry] = e;
    header[at + Field.instance] = call.instance === "reuse" ? 1 : 0;
    header[at + Field.seed] = call.seed;
    header[at + Field.maxOutputBytes] = call.maxOutputBytes;
    if (call.abi === "sdk") {
      header[at + Field.offset] = inputBytes;
      header[at + Field.length] = call.input.byteLength;
      inputBytes += call.input.byteLength;
    } else {
      header[at + Field.abi] = 1;
      plain ??= Array.from({ length: calls.length }, () => null);
      plain[i] = { args: call.args, argKinds: call.argKinds, resultKind: call.resultKind };
    }
  }
  return { type: "batch", seq, modules, entries, header, input: joinInputs(calls, inputBytes), plain };
}

// One sdk call sends its own input as it is; several are copied into one buffer.
function joinInputs(calls: readonly CallRequest[], total: number): Uint8Array {
  if (total === 0) return noInput;
  if (calls.length === 1 && calls[0]?.abi === "sdk") return calls[0].input;
  const joined = new Uint8Array(total);
  let at = 0;
  for (const call of calls) {
    if (call.abi !== "sdk") continue;
    joined.set(call.input, at);
    at += call.input.byteLength;
  }
  return joined;
}

/** The calls of a batch as the worker runs them; sdk inputs are views of the batch's buffer. */
export function decodeBatch(batch: BatchMessage): CallRequest[] {
  const h = batch.header;
  const count = h.length / callFields;
  const calls: CallRequest[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * callFields;
    const module = batch.modules[h[at + Field.module] as number] as ModuleRef;
    const entry = batch.entries[h[at + Field.entry] as number] as string;
    const seed = h[at + Field.seed] as number;
    const instance = h[at + Field.instance] === 1 ? "reuse" : "fresh";
    const maxOutputBytes = h[at + Field.maxOutputBytes] as number;
    const plain = batch.plain?.[i];
    if (h[at + Field.abi] === 1 && plain != null) {
      const { args, argKinds, resultKind } = plain;
      calls[i] = { abi: "plain", task: "", module, entry, seed, instance, maxOutputBytes, args, argKinds, resultKind };
      continue;
    }
    const offset = h[at + Field.offset] as number;
    const input = batch.input.subarray(offset, offset + (h[at + Field.length] as number));
    calls[i] = { abi: "sdk", task: "", module, entry, seed, instance, maxOutputBytes, input };
  }
  return calls;
}
