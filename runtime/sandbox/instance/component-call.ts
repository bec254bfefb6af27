import { TaskRunError } from "../../errors/index.js";
import { classifyError } from "./classify-error.js";
import type { ResolvedCallOptions } from "./defaults.js";
import type { PreparedComponent, ReusedComponent } from "./prepared-component.js";
import type { CallOutcome } from "./types.js";

/**
 * jco's bindings rewrite V8's trap messages into wasmtime's; `classifyError` (and `trapKindOf`)
 * know V8's, so they are put back.
 */
const v8TrapMessages = new Map([
  ["wasm trap: wasm `unreachable` instruction executed", "unreachable"],
  ["wasm trap: out of bounds memory access", "memory access out of bounds"],
  ["wasm trap: integer divide by zero", "divide by zero"],
  ["wasm trap: integer overflow", "divide result unrepresentable"],
  ["wasm trap: invalid conversion to integer", "float unrepresentable in integer range"],
  ["wasm trap: undefined element: out of bounds table access", "table index is out of bounds"],
  ["wasm trap: indirect call type mismatch", "function signature mismatch"],
  ["wasm trap: call stack exhausted", "call stack exhausted"],
]);

const noImports: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const noLogs = Object.freeze([]);

/**
 * Calls a component's function on a fresh component instance (or the kept one in reuse mode)
 * with `args` in jco's shape, and answers with its result in jco's shape; the host converts and
 * checks both. A top-level `result`'s err, which jco throws as its ComponentError (a class of its
 * own per instance: recognised by its `payload`), becomes the value `{ tag: "err", val }` or,
 * when an err fails the task, TASK_FAILED with `details.payload`. Traps and running out of the
 * imposed memory maximum are classified as for modules. Any failure discards a kept instance:
 * jco refuses to enter an instance that trapped.
 */
export function componentCall(
  prepared: PreparedComponent,
  entryText: string,
  args: readonly unknown[],
  options: ResolvedCallOptions,
): CallOutcome<unknown> {
  const reuse = options.instance === "reuse";
  const entry = prepared.entry(entryText);
  const started = performance.now();
  let instantiated = Number.NaN;
  let memories: readonly WebAssembly.Memory[] = [];
  try {
    let kept: ReusedComponent | undefined = reuse ? prepared.reused : undefined;
    if (kept === undefined) {
      kept = instantiate(prepared);
      if (reuse) prepared.reused = kept;
    }
    memories = kept.memories;
    instantiated = performance.now();
    const run = lookup(kept.exports, entry.path);
    let output: unknown;
    try {
      output = run(...args);
      if (entry.result === "value") output = { tag: "ok", val: output };
    } catch (error) {
      if (entry.result === "none" || !isComponentError(error)) throw error;
      if (entry.result === "value") output = { tag: "err", val: error.payload };
      else throw new TaskRunError("TASK_FAILED", "the component returned an err", { payload: error.payload });
    }
    const done = performance.now();
    return {
      status: "ok",
      output,
      logs: noLogs,
      droppedLogs: 0,
      timings: { instantiateUs: (instantiated - started) * 1000, callUs: (done - instantiated) * 1000 },
    };
  } catch (error) {
    const failed = performance.now();
    if (reuse) prepared.reused = undefined;
    const phase = Number.isNaN(instantiated) ? "instantiate" : "call";
    const classified = classifyError(withV8Message(error), {
      phase,
      memory: fullest(memories),
      maximumPages: prepared.maximumPages,
    });
    const timings =
      phase === "instantiate"
        ? { instantiateUs: (failed - started) * 1000, callUs: 0 }
        : { instantiateUs: (instantiated - started) * 1000, callUs: (failed - instantiated) * 1000 };
    return { status: "error", error: classified, logs: noLogs, droppedLogs: 0, timings };
  }
}

/** A new component instance, with the memories its core instances export (to recognise running out of them). */
function instantiate(prepared: PreparedComponent): ReusedComponent {
  const memories: WebAssembly.Memory[] = [];
  const instantiateCore = (module: WebAssembly.Module, imports: WebAssembly.Imports): WebAssembly.Instance => {
    const instance = new WebAssembly.Instance(module, imports);
    for (const value of Object.values(instance.exports)) {
      if (value instanceof WebAssembly.Memory && !memories.includes(value)) memories.push(value);
    }
    return instance;
  };
  // The bindings probe for `WebAssembly.promising` (absent from Node 20) on every instance and
  // catch the TypeError: without a stack to capture, that costs far less.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return { exports: prepared.instantiate(prepared.getCoreModule, noImports, instantiateCore), memories };
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function lookup(exports: Record<string, unknown>, path: readonly string[]): (...args: unknown[]) => unknown {
  let at: unknown = exports;
  for (const key of path) {
    at =
      typeof at === "object" && at !== null && Object.hasOwn(at, key)
        ? (at as Record<string, unknown>)[key]
        : undefined;
  }
  if (typeof at !== "function") {
    throw new TaskRunError("GUEST_PROTOCOL_ERROR", `the component's bindings have no function at ${path.join(".")}`, {
      path,
    });
  }
  return at as (...args: unknown[]) => unknown;
}

function isComponentError(error: unknown): error is Error & { readonly payload: unknown } {
  return error instanceof Error && "payload" in error;
}

function withV8Message(error: unknown): unknown {
  if (error instanceof WebAssembly.RuntimeError) {
    const original = v8TrapMessages.get(error.message);
    if (original !== undefined) error.message = original;
  }
  return error;
}

/** The memory closest to its maximum: the one a failed growth would have filled. */
function fullest(memories: readonly WebAssembly.Memory[]): WebAssembly.Memory | undefined {
  let best: WebAssembly.Memory | undefined;
  for (const memory of memories)
    if (best === undefined || memory.buffer.byteLength > best.buffer.byteLength) best = memory;
  return best;
}
