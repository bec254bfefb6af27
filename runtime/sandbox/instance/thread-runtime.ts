import { UsageError } from "../../errors/index.js";
import { type CallRequest, type CallResponse, isCompiledComponent, type ModuleRef } from "../protocol.js";
import { componentCall } from "./component-call.js";
import {
  instanceDefaults,
  type ResolvedCallOptions,
  type ResolvedLogLimits,
  resolveCallOptions,
  resolveLogLimits,
} from "./defaults.js";
import { plainCall } from "./plain-call.js";
import { PreparedComponent } from "./prepared-component.js";
import { PreparedModule } from "./prepared-module.js";
import { ptrLenCall } from "./ptr-len-call.js";
import { sdkCall } from "./sdk-call.js";
import type { CallOutcome, LogLimits } from "./types.js";

export interface ThreadRuntimeOptions {
  /** Modules (with their pooled memory and kept instance) kept in this thread; the least recently used goes first. @default 64 */
  readonly maxModules?: number;
  readonly logs?: LogLimits;
  /**
   * sdk and ptr-len outputs come back as views of guest memory, valid only until the next call,
   * instead of copies: for a caller that copies them at once. @default false
   */
  readonly borrowOutputs?: boolean;
}

/**
 * Everything one worker thread keeps between calls: compiled modules by content hash (bounded,
 * least recently used evicted), each with its pooled memory and kept instance. The worker entry
 * hands it each request and posts back what `call` returns.
 */
export class ThreadRuntime {
  private readonly modules = new Map<string, PreparedModule | PreparedComponent>();
  private readonly maxModules: number;
  private readonly logs: ResolvedLogLimits;
  private readonly borrowOutputs: boolean;
  private newest: PreparedModule | PreparedComponent | undefined;
  private lastOptions: ResolvedCallOptions | undefined;

  constructor(options: ThreadRuntimeOptions = {}) {
    this.maxModules = options.maxModules ?? instanceDefaults.maxModules;
    if (!Number.isSafeInteger(this.maxModules) || this.maxModules < 1) {
      throw new UsageError("options.maxModules must be a positive integer");
    }
    this.logs = resolveLogLimits(options.logs, "options.logs");
    this.borrowOutputs = options.borrowOutputs === true;
  }

  /** Modules currently kept. */
  get size(): number {
    return this.modules.size;
  }

  has(hash: string): boolean {
    return this.modules.has(hash);
  }

  /** The prepared module for `ref`: the kept one, or a new one from `ref.module`; undefined when neither exists. */
  prepare(ref: ModuleRef): PreparedModule | PreparedComponent | undefined {
    const known = this.modules.get(ref.hash);
    if (known !== undefined) {
      // Re-inserting moves it to the back of the eviction order (nothing to do when it is there).
      if (this.newest !== known) {
        this.modules.delete(ref.hash);
        this.modules.set(ref.hash, known);
        this.newest = known;
      }
      return known;
    }
    if (ref.module === undefined) return undefined;
    const prepared = isCompiledComponent(ref.module)
      ? new PreparedComponent(ref.hash, ref.module)
      : new PreparedModule({ hash: ref.hash, module: ref.module, memory: ref.memory });
    this.modules.set(ref.hash, prepared);
    this.newest = prepared;
    if (this.modules.size > this.maxModules) {
      const oldest = this.modules.keys().next().value;
      if (oldest !== undefined) this.modules.delete(oldest);
    }
    return prepared;
  }

  /** The options of `request`, kept while calls keep asking for the same ones (they nearly always do). */
  private optionsFor(request: CallRequest): ResolvedCallOptions {
    const last = this.lastOptions;
    if (
      last !== undefined &&
      last.seed === request.seed &&
      last.instance === request.instance &&
      last.maxOutputBytes === request.maxOutputBytes
    ) {
      return last;
    }
    const options = {
      ...resolveCallOptions({
        seed: request.seed,
        instance: request.instance,
        maxOutputBytes: request.maxOutputBytes,
        logs: this.logs,
      }),
      borrowOutput: this.borrowOutputs,
    };
    this.lastOptions = options;
    return options;
  }

  /** Forgets a module (its pooled memory and kept instance with it). */
  evict(hash: string): boolean {
    if (this.newest?.hash === hash) this.newest = undefined;
    return this.modules.delete(hash);
  }

  /**
   * Runs one request and answers with plain data ready to post to the main thread:
   * `need-module` when the request carries no module and this thread has not kept it.
   */
  call(request: CallRequest): CallResponse {
    const prepared = this.prepare(request.module);
    if (prepared === undefined) return { status: "need-module", hash: request.module.hash };
    const options = this.optionsFor(request);
    let outcome: CallOutcome<unknown>;
    if ((request.abi === "component") !== prepared instanceof PreparedComponent) {
      const message = `module ${request.module.hash} cannot run a call of the ${request.abi} ABI`;
      return { status: "error", error: { code: "GUEST_PROTOCOL_ERROR", message }, logs: [], droppedLogs: 0 };
    }
    switch (request.abi) {
      case "component":
        outcome = componentCall(prepared as PreparedComponent, request.entry, request.args, options);
        break;
      case "sdk":
        outcome = sdkCall(prepared as PreparedModule, request.entry, request.input, options);
        break;
      case "ptr-len":
        outcome = ptrLenCall(prepared as PreparedModule, request.entry, request.input, options);
        break;
      case "plain":
        outcome = plainCall(
          prepared as PreparedModule,
          request.entry,
          request.args,
          { params: request.argKinds, result: request.resultKind },
          options,
        );
        break;
    }
    if (outcome.status === "ok") return outcome;
    const { code, message, details } = outcome.error;
    const offsets = outcome.offsets;
    return {
      status: "error",
      error: offsets === undefined ? { code, message, details } : { code, message, details, offsets },
      logs: outcome.logs,
      droppedLogs: outcome.droppedLogs,
    };
  }
}
