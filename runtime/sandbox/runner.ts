import { TaskRunError } from "../errors/index.js";
import { plainMapping, type TaskDefinition } from "../tasks/index.js";
import { compileValueCodec, plainArgs, plainResult, type ValueCodec, type ValueType } from "../values/index.js";
import { ComponentModules } from "./component-module.js";
import {
  type ComponentCodec,
  componentArgs,
  componentCodec,
  componentFailure,
  componentOutput,
} from "./component-values.js";
import type { CallExecutor, SubmitOptions } from "./executor.js";
import { GuestLocations } from "./guest-locations.js";
import { InputArena } from "./input-arena.js";
import { type HostModule, ModuleCache } from "./module-cache.js";
import type { CallRequest, CallResponse, CallTimings, LogRecord, PlainValueKind } from "./protocol.js";
import { ptrLenInput, ptrLenOutput } from "./ptr-len-values.js";
import { type ResolvedRunOptions, type RunOptions, resolveRunOptions } from "./run-options.js";

/** A task as the runner needs it: its definition and a way to get its module's bytes. */
export interface RunnableTask {
  readonly name: string;
  readonly revision?: number;
  readonly definition: TaskDefinition;
  readonly moduleHash: string;
  readonly moduleBytes: () => Uint8Array;
}

/** The output of one call with what the guest logged and how long it took. */
export interface RunResult<T = unknown> {
  readonly output: T;
  readonly logs: readonly LogRecord[];
  readonly droppedLogs: number;
  readonly timings: CallTimings & { readonly totalMs: number };
}

/**
 * Runs task calls on an executor (the worker pool, or this thread): validates and encodes the
 * input on the host, sends the call, and strictly decodes and checks the output. What a call
 * needs of its task — codecs, the compiled module, the limits — is prepared once per task
 * revision and module (a plan), so a call without options allocates little beyond its input.
 */
export class TaskRunner {
  private readonly modules = new ModuleCache();
  private readonly components = new ComponentModules();
  private readonly inputs = new InputArena();
  private readonly plans = new WeakMap<RunnableTask, TaskPlan>();
  private readonly plansByKey = new Map<string, TaskPlan>();
  private readonly locations = new GuestLocations();

  constructor(private readonly executor: CallExecutor) {}

  async run(task: RunnableTask, input: unknown, options?: RunOptions): Promise<RunResult> {
    try {
      const started = performance.now();
      const planned = this.plans.get(task) ?? this.planFor(task);
      const plan = planned instanceof Promise ? await planned : planned;
      const resolved = options === undefined ? plan.defaults : this.resolve(task, plan, options);
      const codec = plan.codec;
      const value = resolved.json ? codec.json.fromJson(input) : input;
      const limits = resolved.limits;
      // Every form written out in full: spreading a shared base object costs every call more.
      let request: CallRequest;
      switch (codec.kind) {
        case "sdk":
          request = {
            abi: "sdk",
            task: task.name,
            module: plan.module.ref,
            entry: task.definition.export,
            seed: resolved.seed,
            instance: resolved.instance,
            maxOutputBytes: limits.maxOutputBytes,
            input: this.inputs.copy(codec.values.encodeInputView(value, limits.maxInputBytes)),
          };
          break;
        case "ptr-len":
          request = {
            abi: "ptr-len",
            task: task.name,
            module: plan.module.ref,
            entry: task.definition.export,
            seed: resolved.seed,
            instance: resolved.instance,
            maxOutputBytes: limits.maxOutputBytes,
            input: ptrLenInput(codec.inputType, value, limits.maxInputBytes),
          };
          break;
        case "plain":
          request = {
            abi: "plain",
            task: task.name,
            module: plan.module.ref,
            entry: task.definition.export,
            seed: resolved.seed,
            instance: resolved.instance,
            maxOutputBytes: limits.maxOutputBytes,
            args: plainArgs(codec.inputType, value, limits.maxInputBytes),
            argKinds: codec.argKinds,
            resultKind: codec.resultKind,
          };
          break;
        case "component":
          request = {
            abi: "component",
            task: task.name,
            module: plan.module.ref,
            entry: codec.entry,
            seed: resolved.seed,
            instance: resolved.instance,
            maxOutputBytes: limits.maxOutputBytes,
            args: componentArgs(codec, value, limits.maxInputBytes),
          };
          break;
      }
      const submit =
        resolved.signal === undefined && limits.timeoutMs === plan.submit.timeoutMs
          ? plan.submit
          : { timeoutMs: limits.timeoutMs, ...(resolved.signal === undefined ? {} : { signal: resolved.signal }) };
      const response = await this.executor.submit(request, submit);
      const result = finish(task, plan, response, limits.maxOutputBytes, started, this.locations);
      return resolved.json ? { ...result, output: codec.json.toJson(result.output) } : result;
    } catch (error) {
      throw withCallDetails(error, task.name, [], 0);
    }
  }

  /**
   * Options as the call uses them. Calls of a task nearly always pass the same options (a flow's
   * step its limits and seed, a caller its `instance` choice): options equal to the last ones
   * resolved for the task reuse that resolution instead of checking and merging them again.
   */
  private resolve(task: RunnableTask, plan: TaskPlan, options: RunOptions): ResolvedRunOptions {
    const last = plan.last;
    if (last !== undefined && sameOptions(last.options, options)) {
      return options.signal === undefined ? last.resolved : { ...last.resolved, signal: options.signal };
    }
    const resolved = resolveRunOptions(task.definition.limits, options);
    const { signal: _, ...kept } = options;
    plan.last = { options: kept, resolved: signalFree(resolved) };
    return resolved;
  }

  /**
   * The plan of `task`, made at once — but a component's waits for its transpiled form the first
   * time (see `ComponentModules`), so it comes as a promise then.
   */
  private planFor(task: RunnableTask): TaskPlan | Promise<TaskPlan> {
    const key = `${task.name}@${task.revision ?? 0}:${task.moduleHash}`;
    const known = this.plansByKey.get(key);
    if (known !== undefined) {
      this.plans.set(task, known);
      return known;
    }
    const definition = task.definition;
    if (definition.abi !== "component") {
      return this.keepPlan(task, key, taskCodec(definition), this.modules.get(task.moduleHash, task.moduleBytes));
    }
    const codec = componentCodec(definition, task.moduleBytes);
    return this.components
      .get(task.moduleHash, task.moduleBytes, definition.limits.maxMemoryPages)
      .then((module) => this.keepPlan(task, key, codec, module));
  }

  private keepPlan(task: RunnableTask, key: string, codec: TaskCodec, module: HostModule): TaskPlan {
    const defaults = resolveRunOptions(task.definition.limits, {});
    const plan: TaskPlan = { codec, module, defaults, submit: { timeoutMs: defaults.limits.timeoutMs } };
    // Bounded like the module cache: a long-lived runtime sees many revisions come and go.
    if (this.plansByKey.size >= maxPlans) {
      const oldest = this.plansByKey.keys().next().value;
      if (oldest !== undefined) this.plansByKey.delete(oldest);
    }
    this.plansByKey.set(key, plan);
    this.plans.set(task, plan);
    return plan;
  }
}

const maxPlans = 256;

/** What every call of one task revision shares. */
interface TaskPlan {
  readonly codec: TaskCodec;
  readonly module: HostModule;
  /** The options of a call that gives none: the definition's limits and the defaults. */
  readonly defaults: ResolvedRunOptions;
  readonly submit: SubmitOptions;
  /** The options a call last gave (its signal aside), and what they resolved to. */
  last?: { readonly options: RunOptions; readonly resolved: ResolvedRunOptions };
}

const optionKeys = ["timeoutMs", "maxInputBytes", "maxOutputBytes", "seed", "instance", "format"] as const;

function sameOptions(a: RunOptions, b: RunOptions): boolean {
  for (const key of optionKeys) if (a[key] !== b[key]) return false;
  return true;
}

function signalFree(resolved: ResolvedRunOptions): ResolvedRunOptions {
  if (resolved.signal === undefined) return resolved;
  const { signal: _, ...rest } = resolved;
  return rest;
}

type TaskCodec =
  | ComponentCodec
  | { readonly kind: "sdk"; readonly values: ValueCodec; readonly json: ValueCodec }
  | {
      readonly kind: "ptr-len";
      /** Only its JSON mapping is used: the value crosses as its own bytes, not MessagePack. */
      readonly json: ValueCodec;
      readonly inputType: ValueType;
      readonly outputType: ValueType;
    }
  | {
      readonly kind: "plain";
      /** Only its JSON mapping is used: plain values cross as arguments, not MessagePack. */
      readonly json: ValueCodec;
      readonly inputType: Extract<ValueType, { kind: "record" }>;
      readonly outputType: ValueType;
      readonly argKinds: readonly PlainValueKind[];
      readonly resultKind: PlainValueKind;
    };

function taskCodec(definition: TaskDefinition): TaskCodec {
  if (definition.abi === "sdk") {
    const values = compileValueCodec(definition.inputType, definition.outputType);
    return { kind: "sdk", values, json: values };
  }
  if (definition.abi === "ptr-len") {
    const { inputType, outputType } = definition;
    return { kind: "ptr-len", json: compileValueCodec(inputType, outputType), inputType, outputType };
  }
  const inputType = definition.inputType;
  if (definition.abi !== "plain" || inputType.kind !== "record") {
    throw new Error("unreachable: plain definitions declare a record input");
  }
  return {
    kind: "plain",
    json: compileValueCodec(inputType, definition.outputType),
    inputType,
    outputType: definition.outputType,
    argKinds: inputType.fields.map((f) => plainKind(f.type)),
    resultKind: plainKind(definition.outputType),
  };
}

function plainKind(type: ValueType): PlainValueKind {
  if (type.kind === "string") return "string";
  if (type.kind === "bytes") return "bytes";
  if (type.kind === "bool") return "bool";
  if (plainMapping(type)?.core === "i64") return "bigint";
  return "number";
}

function finish(
  task: RunnableTask,
  plan: TaskPlan,
  response: CallResponse,
  maxOutputBytes: number,
  started: number,
  locations: GuestLocations,
): RunResult {
  const codec = plan.codec;
  if (response.status === "need-module") {
    throw new TaskRunError("GUEST_PROTOCOL_ERROR", `task "${task.name}": the worker did not accept the module`, {
      task: task.name,
    });
  }
  if (response.status === "error") {
    // Only a failed call looks at the module's source map.
    const { code, message, details } =
      codec.kind === "component"
        ? componentFailure(codec, response.error)
        : locations.locate(response.error, plan.module);
    throw TaskRunError.fromJSON({
      code,
      message,
      details: { ...details, task: task.name, logs: response.logs, droppedLogs: response.droppedLogs },
    });
  }
  let output: unknown;
  try {
    switch (codec.kind) {
      case "sdk":
        output = codec.values.decodeOutput(response.output as Uint8Array, maxOutputBytes);
        break;
      case "ptr-len":
        output = ptrLenOutput(codec.outputType, response.output as Uint8Array);
        break;
      case "plain":
        output = plainResult(codec.outputType, response.output);
        break;
      case "component":
        output = componentOutput(codec, response.output, maxOutputBytes);
        break;
    }
  } catch (error) {
    // The output was refused after the guest ran: the error says whose, with what it logged.
    throw withCallDetails(error, task.name, response.logs, response.droppedLogs);
  }
  return {
    output,
    logs: response.logs,
    droppedLogs: response.droppedLogs,
    timings: {
      instantiateUs: response.timings.instantiateUs,
      callUs: response.timings.callUs,
      totalMs: performance.now() - started,
    },
  };
}

/**
 * Every TaskRunError a call ends with names its task and carries the logs the guest wrote before
 * it failed (none when nothing ran, or when the worker was stopped or lost mid-call).
 */
function withCallDetails(error: unknown, task: string, logs: readonly LogRecord[], droppedLogs: number): unknown {
  if (!(error instanceof TaskRunError)) return error;
  return new TaskRunError(
    error.code,
    error.message,
    // What the error already says wins: logs recorded where it was raised are the real ones.
    { task, logs, droppedLogs, ...error.details },
    error.cause,
    error.issues,
  );
}
