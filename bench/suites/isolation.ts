import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import initWabt from "wabt";
import { TaskRunError } from "../../runtime/errors/index.js";
import { defaultPoolOptions } from "../../runtime/sandbox/index.js";
import { parseTaskDefinition, selfDescriptionOf, selfDescriptionSection } from "../../runtime/tasks/index.js";
import { appendCustomSection } from "../../runtime/wasm/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import type { SuiteContext, SuiteFigure, SuiteResult } from "../suite.js";

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
 *   repetitions), and its ratio to the run without.
 * It reports; it asserts nothing.
 */
export async function isolation(context: SuiteContext): Promise<SuiteResult> {
  const settings = context.quick ? quick : full;
  const project = join(context.home, "isolation");
  const wf = Wasmflow.open({ home: join(project, "store"), root: project });
  const figures: Record<string, SuiteFigure> = {};
  const ratios: Record<string, number> = {};
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
      "the spinners submitted among them, runs alternating without, with one and with two",
    rows: [],
    ratios,
    figures,
  };
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
  const spinnerBytes = appendCustomSection(await spinnerModule(), selfDescriptionSection, description);
  writeFileSync(join(project, "spinner.wasm"), spinnerBytes);
  const spinnerFile = join(project, "spinner.task.json");
  writeFileSync(spinnerFile, JSON.stringify(definition));
  return [wordCountFile, spinnerFile];
}

/** An sdk-ABI module whose entry never returns: only the pool's timeout can stop it. */
async function spinnerModule(): Promise<Uint8Array> {
  const source = `(module
    (import "env" "memory" (memory $mem 1 16))
    (export "memory" (memory $mem))
    (func (export "wasmflow_alloc") (param i32) (result i32) i32.const 1024)
    (func (export "run") (param i32 i32) (result i32)
      (loop $spin (br $spin))
      unreachable))`;
  const wabt = await initWabt();
  const module = wabt.parseWat("spinner.wat", source);
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
