import { Bench, type BenchOptions, type Task } from "tinybench";

/** One measured row: operations per second and latency percentiles of one iteration. */
export interface SuiteRow {
  readonly name: string;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** A measured number that is not a rate of calls (CPU time, a count, a latency), with its unit. */
export interface SuiteFigure {
  readonly value: number;
  readonly unit: string;
}

/** What every suite reports: rows of figures and the ratios against its in-run baselines. */
export interface SuiteResult {
  readonly suite: string;
  readonly note: string;
  readonly rows: readonly SuiteRow[];
  readonly ratios: Readonly<Record<string, number>>;
  /** What does not fit a tinybench row: named numbers, each with its unit. */
  readonly figures?: Readonly<Record<string, SuiteFigure>>;
  /** Ratios that have a target: each is printed with its target and whether this run met it. */
  readonly checks?: readonly SuiteCheck[];
}

/** A ratio against an in-run baseline (1 = as fast as the baseline) and the most it may be. */
export interface SuiteCheck {
  readonly name: string;
  readonly ratio: number;
  readonly atMost: number;
}

/**
 * A finished tinybench task as a row. `period` is the mean time per iteration, so ops/s is
 * `opsPerIteration / period` — not `throughput.mean`, the mean of per-iteration rates, which
 * overstates throughput whenever iteration times vary.
 */
export function rowOf(task: Task, opsPerIteration = 1): SuiteRow {
  const result = task.result;
  if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}`);
  return {
    name: task.name,
    opsPerSecond: (opsPerIteration * 1000) / result.period,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

/** What every suite runs in. */
export interface SuiteContext {
  /** The repository root: its example tasks and the built CLI. */
  readonly root: string;
  /** A scratch folder for the suite's stores. */
  readonly home: string;
  /** A check that the suite runs (a couple of iterations per row), not a measurement. */
  readonly quick: boolean;
}

/** A tinybench run with `throws: true`; in a quick pass, two iterations after one warm-up, whatever `options` ask. */
export function newBench(context: SuiteContext, options: BenchOptions): Bench {
  const settings: BenchOptions = context.quick
    ? { ...options, time: 0, warmupTime: 0, iterations: 2, warmupIterations: 1 }
    : options;
  return new Bench({ ...settings, throws: true });
}
