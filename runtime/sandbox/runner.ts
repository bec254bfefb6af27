import { TaskRunError } from "../errors/index.js";
import { plainMapping, type TaskDefinition } from "../tasks/index.js";
import type { ValueType } from "../values/index.js";
import type { CallExecutor } from "./executor.js";
import { compileValueCodec, plainArgs, plainResult, type ValueCodec } from "./marshal/index.js";
import { ModuleCache } from "./module-cache.js";
import type { CallRequest, CallResponse, CallTimings, LogRecord, PlainValueKind } from "./protocol.js";
import { type RunOptions, resolveRunOptions } from "./run-options.js";

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
 * input on the host, sends the call, and strictly decodes and checks the output. Codecs and
 * compiled modules are prepared once per task revision and module.
 */
export class TaskRunner {
  private readonly modules = new ModuleCache();
  private readonly codecs = new Map<string, TaskCodec>();

  constructor(private readonly executor: CallExecutor) {}

  async run(task: RunnableTask, input: unknown, options: RunOptions = {}): Promise<RunResult> {
    const started = performance.now();
    const resolved = resolveRunOptions(task.definition.limits, options);
    const codec = this.codecFor(task);
    const value = resolved.json ? codec.json.fromJson(input) : input;
    const compiled = this.modules.get(task.moduleHash, task.moduleBytes);
    const base = {
      task: task.name,
      entry: task.definition.export,
      seed: resolved.seed,
      instance: resolved.instance,
      maxOutputBytes: resolved.limits.maxOutputBytes,
    };
    const request: CallRequest =
      codec.kind === "sdk"
        ? {
            ...base,
            abi: "sdk",
            module: compiled.ref,
            input: codec.values.encodeInput(value, resolved.limits.maxInputBytes),
          }
        : {
            ...base,
            abi: "plain",
            module: compiled.ref,
            args: plainArgs(codec.inputType, value, resolved.limits.maxInputBytes),
            argKinds: codec.argKinds,
            resultKind: codec.resultKind,
          };
    const submit = {
      timeoutMs: resolved.limits.timeoutMs,
      ...(resolved.signal === undefined ? {} : { signal: resolved.signal }),
    };
    let response = await this.executor.submit(request, submit);
    if (response.status === "need-module") {
      response = await this.executor.submit({ ...request, module: compiled.withModule }, submit);
    }
    const result = finish(task, codec, response, resolved.limits.maxOutputBytes, started);
    return resolved.json ? { ...result, output: codec.json.toJson(result.output) } : result;
  }

  private codecFor(task: RunnableTask): TaskCodec {
    const key = `${task.name}@${task.revision ?? 0}:${task.moduleHash}`;
    let codec = this.codecs.get(key);
    if (codec === undefined) {
      codec = taskCodec(task.definition);
      this.codecs.set(key, codec);
    }
    return codec;
  }
}

type TaskCodec =
  | { readonly kind: "sdk"; readonly values: ValueCodec; readonly json: ValueCodec }
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
  const inputType = definition.inputType;
  if (inputType.kind !== "record") throw new Error("unreachable: plain definitions declare a record input");
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
  codec: TaskCodec,
  response: CallResponse,
  maxOutputBytes: number,
  started: number,
): RunResult {
  if (response.status === "need-module") {
    throw new TaskRunError("GUEST_PROTOCOL_ERROR", `task "${task.name}": the worker did not accept the module`, {
      task: task.name,
    });
  }
  if (response.status === "error") {
    throw TaskRunError.fromJSON({
      ...response.error,
      details: { ...response.error.details, task: task.name, logs: response.logs, droppedLogs: response.droppedLogs },
    });
  }
  const output =
    codec.kind === "sdk"
      ? codec.values.decodeOutput(response.output as Uint8Array, maxOutputBytes)
      : plainResult(codec.outputType, response.output);
  return {
    output,
    logs: response.logs,
    droppedLogs: response.droppedLogs,
    timings: { ...response.timings, totalMs: performance.now() - started },
  };
}
