import type { TaskRunError } from "../../errors/index.js";
import { classifyError } from "./classify-error.js";
import type { ResolvedCallOptions } from "./defaults.js";
import { guestOffsets } from "./guest-offsets.js";
import { type HostState, threadHost } from "./host-state.js";
import type { PreparedModule, ReusedInstance } from "./prepared-module.js";
import type { CallOutcome } from "./types.js";

/**
 * The part of a call that differs between ABIs. A module-level function with its data in `arg`,
 * so a call allocates no closure.
 */
export type Invoke<A, T> = (
  exports: WebAssembly.Exports,
  memory: WebAssembly.Memory | undefined,
  arg: A,
  options: ResolvedCallOptions,
) => T;

/**
 * Runs one call: an instance (fresh, or the kept one in reuse mode), `invoke`, and every failure
 * turned into a `TaskRunError`. In reuse mode any failure discards the kept instance (a trap can
 * leave it half-way through anything); a trap or memory failure on an instance that had already
 * served calls is retried once on a new one, since what those calls left behind — above all the
 * stub allocator's never-freed heap — may be the cause. The retry's outcome is final.
 */
export function execute<A, T>(
  prepared: PreparedModule,
  invoke: Invoke<A, T>,
  arg: A,
  options: ResolvedCallOptions,
): CallOutcome<T> {
  const served = options.instance === "reuse" ? (prepared.reused?.calls ?? 0) : 0;
  const outcome = attempt(prepared, invoke, arg, options, threadHost);
  if (served > 0 && outcome.status === "error" && retryable(outcome.error)) {
    return attempt(prepared, invoke, arg, options, threadHost);
  }
  return outcome;
}

function retryable(error: TaskRunError): boolean {
  return error.code === "MEMORY_LIMIT" || error.code === "TRAP";
}

function attempt<A, T>(
  prepared: PreparedModule,
  invoke: Invoke<A, T>,
  arg: A,
  options: ResolvedCallOptions,
  host: HostState,
): CallOutcome<T> {
  const reuse = options.instance === "reuse";
  const started = performance.now();
  let instantiated = Number.NaN;
  host.begin(options, undefined);
  try {
    let exports: WebAssembly.Exports;
    let kept: ReusedInstance | undefined;
    if (reuse) {
      kept = prepared.reused ?? keepInstance(prepared, host);
      exports = kept.instance.exports;
      host.memory = kept.memory;
    } else {
      host.useImportedMemory(prepared.freshMemory());
      const instance = new WebAssembly.Instance(prepared.module, host.imports);
      exports = instance.exports;
      host.memory ??= exportedMemory(exports);
    }
    instantiated = performance.now();
    const output = invoke(exports, host.memory, arg, options);
    // The guest may have caught what `abort` or `fail` threw and returned normally.
    if (host.failure !== undefined) throw host.failure;
    if (kept !== undefined) kept.calls++;
    const done = performance.now();
    return {
      status: "ok",
      output,
      logs: host.logs.take(),
      droppedLogs: host.logs.dropped,
      timings: { instantiateUs: (instantiated - started) * 1000, callUs: (done - instantiated) * 1000 },
    };
  } catch (error) {
    const failed = performance.now();
    const phase = Number.isNaN(instantiated) ? "instantiate" : "call";
    const thrown = host.failure ?? error;
    const classified = classifyError(thrown, {
      phase,
      memory: host.memory,
      maximumPages: prepared.maximumPages,
    });
    if (reuse) prepared.reused = undefined;
    const timings =
      phase === "instantiate"
        ? { instantiateUs: (failed - started) * 1000, callUs: 0 }
        : { instantiateUs: (instantiated - started) * 1000, callUs: (failed - instantiated) * 1000 };
    const logs = host.logs.take();
    const droppedLogs = host.logs.dropped;
    // Where in the guest it failed, for the host to map to the task's lines.
    const offsets = locatable(classified) ? guestOffsets(thrown) : undefined;
    return offsets === undefined
      ? { status: "error", error: classified, logs, droppedLogs, timings }
      : { status: "error", error: classified, offsets, logs, droppedLogs, timings };
  } finally {
    host.end();
  }
}

/** Failures that happen at a place in the guest's code. */
function locatable(error: TaskRunError): boolean {
  return error.code === "TRAP" || error.code === "GUEST_ABORT";
}

function keepInstance(prepared: PreparedModule, host: HostState): ReusedInstance {
  const memory = prepared.ownMemory();
  host.useImportedMemory(memory);
  const instance = new WebAssembly.Instance(prepared.module, host.imports);
  const kept = { instance, memory: memory ?? exportedMemory(instance.exports), calls: 0 };
  prepared.reused = kept;
  return kept;
}

function exportedMemory(exports: WebAssembly.Exports): WebAssembly.Memory | undefined {
  const memory = exports.memory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}
