import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import initWabt from "wabt";
import { TaskRunError } from "../../runtime/errors/index.js";
import { ComponentModules } from "../../runtime/sandbox/component-module.js";
import { componentArgs, componentCodec, componentOutput } from "../../runtime/sandbox/component-values.js";
import { defaultPoolOptions } from "../../runtime/sandbox/index.js";
import {
  type PreparedModule,
  prepareModule,
  runPtrLenCall,
  ThreadRuntime,
} from "../../runtime/sandbox/instance/index.js";
import { ModuleCache } from "../../runtime/sandbox/module-cache.js";
import type { CallRequest, InstanceMode } from "../../runtime/sandbox/protocol.js";
import { parseTaskDefinition, selfDescriptionOf, selfDescriptionSection } from "../../runtime/tasks/index.js";
import { compileValueCodec } from "../../runtime/values/index.js";
import { appendCustomSection, imposeMemoryMaximum } from "../../runtime/wasm/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { newBench, rowOf, type SuiteContext, type SuiteFigure, type SuiteResult, type SuiteRow } from "../suite.js";
import { buildSdkEcho, echoComponent } from "../support/echo-tasks.js";

const healthy = "word-count";
const spinner = "spinner";
const text = "lorem ipsum dolor sit amet ".repeat(40).slice(0, 1024);

interface Settings {
  readonly storm: { readonly spinners: number; readonly healthy: number; readonly repetitions: number };
  readonly bigStorm: { readonly spinners: number; readonly healthy: number; readonly repetitions: number };
  readonly stormTimeoutMs: number;
  readonly headOfLine: { readonly calls: number; readonly repetitions: number; readonly spinnerTimeoutMs: number };
}

const full: Settings = {
  storm: { spinners: 10, healthy: 50, repetitions: 20 },
  bigStorm: { spinners: 100, healthy: 200, repetitions: 1 },
  stormTimeoutMs: 300,
  headOfLine: { calls: 200, repetitions: 5, spinnerTimeoutMs: 1000 },
};

const quick: Settings = {
  storm: { spinners: 10, healthy: 50, repetitions: 2 },
  bigStorm: { spinners: 10, healthy: 20, repetitions: 1 },
  stormTimeoutMs: 300,
  headOfLine: { calls: 200, repetitions: 1, spinnerTimeoutMs: 200 },
};

/**
 * What a task that never returns does to the calls around it, on the wasmflow pool:
 * - storm: spinners (sdk modules looping forever, stopped only by their timeout) submitted at once
 *   among healthy word-count calls; every healthy call should succeed and every spinner end with
 *   TIMEOUT, so any other ending is counted, by code;
 * - head-of-line: the p99 latency of a burst of healthy calls, each timed from its own submission,
 *   without a spinner and with one and two submitted among them (alternating, median of the
 *   repetitions), and its ratio to the run without;
 * - own memory: what isolating a call costs for a module that defines its own memory (as Rust, C,
 *   Zig and TinyGo build them), in this thread as a worker runs it: a fresh instance and memory per
 *   call (o1), a fresh instance over the pooled zeroed memory once the module is compiled to
 *   import it, as wasmflow runs it (o2), and one reused instance, which isolates nothing (o3);
 * - components: an echo of 1 KiB of text by a component (its canonical ABI written by hand) on a
 *   fresh component instance per call (c1) and on one reused instance (c2), beside the same echo
 *   as an sdk task built from AssemblyScript on a fresh instance (s1, the baseline), each in this
 *   thread as a worker runs it: `ThreadRuntime.call` on the request the host would post (the sdk
 *   input already encoded, the component's arguments already converted; the host's conversions
 *   on either side are not counted).
 * It reports; it asserts nothing.
 */
export async function isolation(context: SuiteContext): Promise<SuiteResult> {
  const settings = context.quick ? quick : full;
  const project = join(context.home, "isolation");
  const wf = Wasmflow.open({ home: join(project, "store"), root: project });
  const figures: Record<string, SuiteFigure> = {};
  const ratios: Record<string, number> = {};
  const rows = [...(await ownMemoryRows(context)), ...(await componentRows(context, project))];
  const periodOf = (prefix: string) => 1 / (rows.find((r) => r.name.startsWith(prefix))?.opsPerSecond ?? Number.NaN);
  ratios["o2/o1 (time per call: pooled memory vs the module's own)"] = periodOf("o2") / periodOf("o1");
  ratios["o2/o3 (time per call: fresh instance over pooled memory vs a reused instance)"] =
    periodOf("o2") / periodOf("o3");
  ratios["c1/s1 (time per call: component vs sdk task, fresh instances)"] = periodOf("c1") / periodOf("s1");
  ratios["c1/c2 (time per call: fresh component instance vs a reused one)"] = periodOf("c1") / periodOf("c2");
  try {
    await wf.addTasks(await writeTasks(context.root, project));
    const expected = (await wf.run(healthy, { text })).output;
    const warmUp = () => Promise.all(Array.from({ length: 64 }, () => wf.run(healthy, { text })));
    await warmUp();

    for (const shape of [settings.storm, settings.bigStorm]) {
      const label = `storm ${shape.spinners} among ${shape.healthy} (×${shape.repetitions})`;
      const healthyFailed = new Map<string, number>();
      const spinnerOther = new Map<string, number>();
      const wallMs: number[] = [];
      for (let repetition = 0; repetition < shape.repetitions; repetition++) {
        // Each storm starts from warm workers, so it pays for its own replacements and no others'.
        await warmUp();
        const started = performance.now();
        const calls: Promise<void>[] = [];
        const total = shape.spinners + shape.healthy;
        for (let i = 0; i < total; i++) {
          if (spreadAt(i, shape.spinners, total)) {
            calls.push(
              wf.run(spinner, { text }, { timeoutMs: settings.stormTimeoutMs }).then(
                () => tally(spinnerOther, "ok"),
                (error: unknown) => {
                  if (codeOf(error) !== "TIMEOUT") tally(spinnerOther, codeOf(error));
                },
              ),
            );
          } else {
            calls.push(
              wf.run(healthy, { text }).then(
                (result) => {
                  if (!isDeepStrictEqual(result.output, expected)) tally(healthyFailed, "WRONG_OUTPUT");
                },
                (error: unknown) => tally(healthyFailed, codeOf(error)),
              ),
            );
          }
        }
        await Promise.all(calls);
        wallMs.push(performance.now() - started);
      }
      report(figures, `${label}: healthy calls failed`, healthyFailed);
      report(figures, `${label}: spinners that ended other than by TIMEOUT`, spinnerOther);
      figures[`${label}: wall time`] = { value: sum(wallMs), unit: "ms" };
      figures[`${label}: wall time per repetition (median)`] = { value: median(wallMs), unit: "ms" };
    }

    const { calls, repetitions, spinnerTimeoutMs } = settings.headOfLine;
    const variants = [0, 1, 2] as const;
    const p99s = new Map<number, number[]>(variants.map((spinners) => [spinners, []]));
    const headFailed = new Map<string, number>();
    for (let repetition = 0; repetition < repetitions; repetition++) {
      for (const spinners of variants) {
        await warmUp();
        const latencies = await headOfLine(wf, calls, spinners, spinnerTimeoutMs, expected, headFailed);
        p99s.get(spinners)?.push(percentile(latencies, 0.99));
      }
    }
    const label = `head-of-line, ${calls} calls (median of ${repetitions})`;
    const p99Of = (spinners: number) => median(p99s.get(spinners) ?? []);
    figures[`${label}: p99 without a spinner`] = { value: p99Of(0), unit: "ms" };
    figures[`${label}: p99 with one spinner`] = { value: p99Of(1), unit: "ms" };
    figures[`${label}: p99 with two spinners`] = { value: p99Of(2), unit: "ms" };
    report(figures, `${label}: healthy calls failed`, headFailed);
    ratios["p99 with one spinner / p99 without"] = p99Of(1) / p99Of(0);
    ratios["p99 with two spinners / p99 without"] = p99Of(2) / p99Of(0);
  } finally {
    await wf.close();
  }

  const threads = defaultPoolOptions.threads;
  const { storm, bigStorm, stormTimeoutMs, headOfLine: hol } = settings;
  return {
    suite: "isolation",
    note:
      `spinners loop forever and end by their timeout (${stormTimeoutMs} ms in the storms, ${hol.spinnerTimeoutMs} ms ` +
      `in head-of-line); on ${threads} worker threads and up to ${threads} spares (started while calls run long), ` +
      `spinners that each run to their own timeout take at least spinners × timeout / (2 × threads) ` +
      `(${Math.round((storm.spinners * stormTimeoutMs) / (2 * threads))} ms and ` +
      `${Math.round((bigStorm.spinners * stormTimeoutMs) / (2 * threads))} ms); healthy calls should all succeed and ` +
      `spinners all end with TIMEOUT; head-of-line times each of ${hol.calls} healthy calls from its own submission, ` +
      "the spinners submitted among them, runs alternating without, with one and with two; " +
      `o1–o3 call a ptr-len entry of a module defining its own memory (${ownMemoryPages} pages, maximum imposed ` +
      `at ${ownMemoryMaximum}) in this thread, on ${ownMemoryInput.length} bytes of input; c1, c2 and s1 echo ` +
      `${text.length} bytes of text in this thread as a worker runs a call (the host's conversions not counted), ` +
      "s1 the baseline",
    rows,
    ratios,
    figures,
  };
}

const ownMemoryPages = 2;
const ownMemoryMaximum = 16;
const ownMemoryInput = new TextEncoder().encode(text.slice(0, 64));

/**
 * A module as clang builds one (C, or Rust without std): it defines and exports its memory with no
 * maximum, gives the input a buffer at its heap base (one call, one buffer: a reused instance
 * does not fill up) and answers it in upper case, in place, through the ptr-len ABI.
 */
const ownMemorySource = `(module
  (memory (export "memory") ${ownMemoryPages})
  (global $heapBase i32 (i32.const 66560))
  (func (export "alloc") (param $len i32) (result i32) (global.get $heapBase))
  (func (export "upper") (param $ptr i32) (param $len i32) (result i64)
    (local $i i32) (local $at i32) (local $c i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $at (i32.add (local.get $ptr) (local.get $i)))
        (local.set $c (i32.load8_u (local.get $at)))
        (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
          (then (i32.store8 (local.get $at) (i32.sub (local.get $c) (i32.const 32)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32)) (i64.extend_i32_u (local.get $len)))))`;

/**
 * o1–o3: the module as registration stores it (its maximum imposed), called as a worker calls it.
 * o2's compiled form comes from the host's module cache, exactly as the pool sends it to workers.
 */
async function ownMemoryRows(context: SuiteContext): Promise<SuiteRow[]> {
  const stored = imposeMemoryMaximum(await compileWat("own-memory.wat", ownMemorySource), ownMemoryMaximum).bytes;
  const compiled = new ModuleCache().get("own-memory", () => stored).ref;
  const asWritten = (hash: string) =>
    prepareModule({ hash, module: new WebAssembly.Module(stored as Uint8Array<ArrayBuffer>), memory: null });
  const ownMemory = asWritten("own-memory-as-written");
  const pooled = prepareModule({
    hash: "own-memory-pooled",
    module: compiled.module as WebAssembly.Module,
    memory: compiled.memory,
  });
  const reused = asWritten("own-memory-reused");
  const call = (prepared: PreparedModule, instance: "fresh" | "reuse") => () => {
    const outcome = runPtrLenCall(prepared, "upper", ownMemoryInput, { instance });
    if (outcome.status !== "ok") throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  };
  const bench = newBench(context, { time: 1500, warmupTime: 300 });
  bench.add("o1: own-memory module, fresh instance and memory per call (as written)", call(ownMemory, "fresh"));
  bench.add("o2: the same compiled to import its memory, fresh instance over the pooled memory", call(pooled, "fresh"));
  bench.add('o3: the same, one reused instance (instance: "reuse", no isolation)', call(reused, "reuse"));
  await bench.run();
  return bench.tasks.map((task) => rowOf(task));
}

/**
 * c1, c2, s1: the echo as a component and as an sdk task (see echo-tasks.ts), each module in the
 * form the host sends workers — the component transpiled with its memory maximum imposed, the sdk
 * module compiled by the module cache — and each request as the host builds it.
 */
async function componentRows(context: SuiteContext, project: string): Promise<SuiteRow[]> {
  const component = await echoComponent();
  const componentDefinition = parseTaskDefinition({
    name: "echo-component",
    abi: "component",
    module: "echo.wasm",
    export: "run",
    input: "string",
    output: "string",
    limits: { maxMemoryPages: 16 },
  });
  const componentHash = createHash("sha256").update(component).digest("hex");
  const codec = componentCodec(componentDefinition, () => component);
  const componentModule = await new ComponentModules().get(
    componentHash,
    () => component,
    componentDefinition.limits.maxMemoryPages,
  );
  const componentLimits = componentDefinition.limits;
  const componentRequest = (instance: InstanceMode): CallRequest => ({
    abi: "component",
    task: componentDefinition.name,
    module: componentModule.ref,
    entry: codec.entry,
    seed: 0,
    instance,
    maxOutputBytes: componentLimits.maxOutputBytes,
    args: componentArgs(codec, text, componentLimits.maxInputBytes),
  });

  const sdk = await buildSdkEcho(context.root, project, "echo-sdk");
  const sdkCodec = compileValueCodec(sdk.definition.inputType, sdk.definition.outputType);
  const sdkLimits = sdk.definition.limits;
  const sdkRequest: CallRequest = {
    abi: "sdk",
    task: sdk.definition.name,
    module: new ModuleCache().get("echo-sdk", () => sdk.module).ref,
    entry: sdk.definition.export,
    seed: 0,
    instance: "fresh",
    maxOutputBytes: sdkLimits.maxOutputBytes,
    input: sdkCodec.encodeInput(text, sdkLimits.maxInputBytes),
  };

  const runtime = new ThreadRuntime();
  const call = (request: CallRequest) => {
    const response = runtime.call(request);
    if (response.status !== "ok") throw new Error(`${request.task}: ${JSON.stringify(response)}`);
    return response.output;
  };
  // The comparison holds only if both compute the same thing.
  const fresh = componentRequest("fresh");
  const reused = componentRequest("reuse");
  for (const request of [fresh, reused]) {
    const output = componentOutput(codec, call(request), componentLimits.maxOutputBytes);
    if (output !== text) throw new Error(`the component echoed ${JSON.stringify(output)}`);
  }
  const sdkOutput = sdkCodec.decodeOutput(call(sdkRequest) as Uint8Array, sdkLimits.maxOutputBytes);
  if (sdkOutput !== text) throw new Error(`the sdk task echoed ${JSON.stringify(sdkOutput)}`);

  const bench = newBench(context, { time: 1500, warmupTime: 300 });
  bench.add("c1: component echo of 1 KiB, fresh component instance per call", () => call(fresh));
  bench.add('c2: the same component, one reused instance (instance: "reuse")', () => call(reused));
  bench.add("s1: the same echo as an sdk task (AssemblyScript), fresh instance per call", () => call(sdkRequest));
  await bench.run();
  return bench.tasks.map((task) => rowOf(task));
}

/**
 * A burst of `calls` healthy calls submitted in one turn with `spinners` spinners spread among
 * them (one at the middle, two at the thirds); the latency of each healthy call in ms.
 */
async function headOfLine(
  wf: Wasmflow,
  calls: number,
  spinners: number,
  spinnerTimeoutMs: number,
  expected: unknown,
  failed: Map<string, number>,
): Promise<number[]> {
  const spinnerAt = new Set(Array.from({ length: spinners }, (_, j) => Math.round((calls * (j + 1)) / (spinners + 1))));
  const latencies: Promise<number>[] = [];
  const stopped: Promise<unknown>[] = [];
  for (let i = 0; i < calls; i++) {
    if (spinnerAt.has(i)) stopped.push(wf.run(spinner, { text }, { timeoutMs: spinnerTimeoutMs }).catch(() => {}));
    const submitted = performance.now();
    latencies.push(
      wf.run(healthy, { text }).then(
        (result) => {
          if (!isDeepStrictEqual(result.output, expected)) tally(failed, "WRONG_OUTPUT");
          return performance.now() - submitted;
        },
        (error: unknown) => {
          tally(failed, codeOf(error));
          return performance.now() - submitted;
        },
      ),
    );
  }
  const [measured] = await Promise.all([Promise.all(latencies), Promise.all(stopped)]);
  return measured;
}

/**
 * Writes the two tasks into `project`: word-count's built module with its own definition, and the
 * spinner, whose module is compiled from text here so the benchmark needs nothing built for it.
 */
async function writeTasks(root: string, project: string): Promise<string[]> {
  mkdirSync(project, { recursive: true });
  copyFileSync(join(root, "build", "tasks", "word-count.wasm"), join(project, "word-count.wasm"));
  const wordCount = JSON.parse(readFileSync(join(root, "tasks", "word-count", "word-count.task.json"), "utf8"));
  delete wordCount.$schema;
  delete wordCount.source;
  const wordCountFile = join(project, "word-count.task.json");
  writeFileSync(wordCountFile, JSON.stringify({ ...wordCount, module: "word-count.wasm" }));

  const definition = {
    name: spinner,
    description: "loops forever (benchmarks only)",
    abi: "sdk",
    module: "spinner.wasm",
    input: wordCount.input,
    output: wordCount.output,
    limits: { timeoutMs: full.stormTimeoutMs, maxMemoryPages: 16 },
  };
  const description = new TextEncoder().encode(JSON.stringify(selfDescriptionOf(parseTaskDefinition(definition))));
  const spinnerBytes = appendCustomSection(
    await compileWat("spinner.wat", spinnerSource),
    selfDescriptionSection,
    description,
  );
  writeFileSync(join(project, "spinner.wasm"), spinnerBytes);
  const spinnerFile = join(project, "spinner.task.json");
  writeFileSync(spinnerFile, JSON.stringify(definition));
  return [wordCountFile, spinnerFile];
}

/** An sdk-ABI module whose entry never returns: only the pool's timeout can stop it. */
const spinnerSource = `(module
    (import "env" "memory" (memory $mem 1 16))
    (export "memory" (memory $mem))
    (func (export "wasmflow_alloc") (param i32) (result i32) i32.const 1024)
    (func (export "run") (param i32 i32) (result i32)
      (loop $spin (br $spin))
      unreachable))`;

/** A module compiled from text here, so the benchmark needs nothing built for it. */
async function compileWat(name: string, source: string): Promise<Uint8Array> {
  const wabt = await initWabt();
  const module = wabt.parseWat(name, source);
  try {
    module.resolveNames();
    module.validate();
    return new Uint8Array(module.toBinary({ log: false }).buffer);
  } finally {
    module.destroy();
  }
}

/** Whether position `i` of `total` holds one of `count` items spread evenly over them. */
function spreadAt(i: number, count: number, total: number): boolean {
  return Math.floor(((i + 1) * count) / total) > Math.floor((i * count) / total);
}

function codeOf(error: unknown): string {
  if (error instanceof TaskRunError) return error.code;
  return error instanceof Error ? error.name : "unknown";
}

function tally(counts: Map<string, number>, code: string): void {
  counts.set(code, (counts.get(code) ?? 0) + 1);
}

/** The total, always (a zero is a result), then one figure per code. */
function report(figures: Record<string, SuiteFigure>, label: string, counts: Map<string, number>): void {
  figures[label] = { value: sum([...counts.values()]), unit: "calls" };
  for (const [code, count] of [...counts].sort(([a], [b]) => a.localeCompare(b)))
    figures[`${label}, ${code}`] = { value: count, unit: "calls" };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}
