import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findTaskDefinitionFiles } from "../../runtime/tasks/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import type { FlowJobResult, HistoryJobResult, Job, OnceJobResult } from "../flow-scale-job.js";
import type { SuiteCheck, SuiteContext, SuiteFigure, SuiteResult } from "../suite.js";

const mib = 1024 * 1024;
/** The engine's default `maxConcurrentCalls`: the bare calls the fan-out is measured against keep as many in flight. */
const engineConcurrency = 256;
/** The input of every run. */
export const input = { n: 1 };

interface Sizes {
  /** Steps of the chain and of the fan-out (its width plus the join): at most the format's 10 000. */
  readonly steps: number;
  /** Runs of each big flow after its first, whose times are the flow's figure, each after a pass of its baseline. */
  readonly again: number;
  /** The history: this many runs of a chain of `historySteps`. */
  readonly historyRuns: number;
  readonly historySteps: number;
}

const full: Sizes = { steps: 10_000, again: 3, historyRuns: 100, historySteps: 1000 };
const quick: Sizes = { steps: 1000, again: 1, historyRuns: 10, historySteps: 100 };

/**
 * What large flows cost, each beside its baseline measured in the same run: a chain of `add`
 * steps against the same calls made back to back through the pool; a fan-out of `add` steps
 * joined by one step against as many bare calls with the engine's concurrency; `flow run` through
 * the CLI (with and without --json, output to a pipe) against the same run through the library in
 * a fresh process; and the memory of a runtime as its run history grows. Every measurement runs in
 * a process of its own (bench/flow-scale-job.ts), so memory figures are its own; a flow's later
 * runs alternate with passes of its baseline, so that a change in the machine's load between
 * them does not make the ratio.
 */
export async function flowScale(context: SuiteContext): Promise<SuiteResult> {
  const sizes = context.quick ? quick : full;
  const { root } = context;
  const folder = join(context.home, "flow-scale");
  const home = join(folder, "store");
  mkdirSync(folder, { recursive: true });
  const files = [
    writeFlow(folder, chainFlow("scale-chain", sizes.steps)),
    writeFlow(folder, fanOutFlow("scale-fan", sizes.steps)),
    writeFlow(folder, chainFlow("scale-history", sizes.historySteps)),
  ];
  const setup = Wasmflow.open({ home, root });
  try {
    await setup.addTasks(await findTaskDefinitionFiles(root));
    for (const file of files) await setup.addFlow(file);
  } finally {
    await setup.close();
  }

  const n = sizes.steps;
  const chain = runJob<FlowJobResult>({
    kind: "flow",
    home,
    root,
    flow: "scale-chain",
    again: sizes.again,
    calls: n,
    concurrency: 1,
  });
  const fan = runJob<FlowJobResult>({
    kind: "flow",
    home,
    root,
    flow: "scale-fan",
    again: sizes.again,
    calls: n,
    concurrency: engineConcurrency,
  });
  const library = timed(() => runJob<OnceJobResult>({ kind: "once", home, root, flow: "scale-chain" }));
  const cli = join(root, "dist/bundle/cli.mjs");
  const run = ["flow", "run", "scale-chain", "--input", JSON.stringify(input), "--home", home, "--root", root];
  const cliJson = timed(() => runCli(cli, [...run, "--json"]));
  const cliText = timed(() => runCli(cli, run));
  const history = runJob<HistoryJobResult>({
    kind: "history",
    home,
    root,
    flow: "scale-history",
    runs: sizes.historyRuns,
  });

  const serialMs = median(chain.callsMs);
  const concurrentMs = median(fan.callsMs);
  const chainMs = median(chain.againMs);
  const fanMs = median(fan.againMs);
  const figures: Record<string, SuiteFigure> = {};
  const figure = (name: string, value: number, unit: string) => {
    figures[name] = { value, unit };
  };
  figure(`calls: ${n} calls of add back to back (median of ${chain.callsMs.length})`, serialMs / 1000, "s");
  figure(`chain: first run (plan compiled)`, chain.firstMs / 1000, "s");
  figure(`chain: later runs (median of ${chain.againMs.length})`, chainMs / 1000, "s");
  memoryFigures(figure, "chain", chain, n);
  figure(
    `calls256: ${n} calls of add, ${engineConcurrency} in flight (median of ${fan.callsMs.length})`,
    concurrentMs / 1000,
    "s",
  );
  figure(`fan: first run (plan compiled)`, fan.firstMs / 1000, "s");
  figure(`fan: later runs (median of ${fan.againMs.length})`, fanMs / 1000, "s");
  memoryFigures(figure, "fan", fan, n);
  figure("library: open + run the chain + close, in a fresh process (process wall time)", library.ms / 1000, "s");
  figure("library: open + run the chain + close (in-process time)", library.result.ms / 1000, "s");
  figure("cli --json: wasmflow flow run of the chain (process wall time)", cliJson.ms / 1000, "s");
  figure("cli --json: output", cliJson.result.stdout / 1024, "KiB");
  figure(
    "cli text: wasmflow flow run of the chain, stdout and stderr piped (process wall time)",
    cliText.ms / 1000,
    "s",
  );
  figure("cli text: output (stdout)", cliText.result.stdout / 1024, "KiB");
  figure("cli text: progress (stderr)", cliText.result.stderr / 1024, "KiB");
  const first = history.samples[0];
  const tenth = history.samples.find((s) => s.runs === Math.ceil(sizes.historyRuns / 10)) ?? first;
  const last = history.samples.at(-1);
  if (first === undefined || tenth === undefined || last === undefined) throw new Error("the history took no sample");
  const historyLabel = `history: ${sizes.historyRuns} runs of a ${sizes.historySteps}-step chain`;
  for (const sample of history.samples) {
    figure(
      `${historyLabel}: rss after ${sample.runs} runs (${sample.runs * sizes.historySteps} steps), after gc`,
      sample.memory.rss / mib,
      "MiB",
    );
  }
  const laterSteps = (last.runs - tenth.runs) * sizes.historySteps;
  figure(
    `${historyLabel}: rss change per 1 000 steps, from run ${tenth.runs} to run ${last.runs}`,
    laterSteps === 0 ? Number.NaN : (((last.memory.rss - tenth.memory.rss) / laterSteps) * 1000) / 1024,
    "KiB",
  );
  figure(
    `${historyLabel}: heapUsed change per 1 000 steps, from run ${tenth.runs} to run ${last.runs}`,
    laterSteps === 0 ? Number.NaN : (((last.memory.heapUsed - tenth.memory.heapUsed) / laterSteps) * 1000) / 1024,
    "KiB",
  );
  const tenthOf = Math.max(1, Math.floor(history.runMs.length / 10));
  figure(`${historyLabel}: mean run time, first ${tenthOf} runs`, mean(history.runMs.slice(0, tenthOf)), "ms");
  figure(`${historyLabel}: mean run time, last ${tenthOf} runs`, mean(history.runMs.slice(-tenthOf)), "ms");

  figure("chain: first run / calls (the plan compiled in the run)", chain.firstMs / serialMs, "×");
  figure("fan: first run / calls256 (the plan compiled in the run)", fan.firstMs / concurrentMs, "×");
  const checks: SuiteCheck[] = [
    {
      name: "chain/calls (later runs of the chain vs the same calls back to back)",
      ratio: chainMs / serialMs,
      atMost: 2,
    },
    {
      name: `fan/calls256 (later runs of the fan-out vs the same calls, ${engineConcurrency} in flight)`,
      ratio: fanMs / concurrentMs,
      atMost: 2,
    },
    {
      name: "cli --json/library (flow run of the chain, process wall times)",
      ratio: cliJson.ms / library.ms,
      atMost: 1.2,
    },
    {
      name: "cli text/library (flow run of the chain, process wall times)",
      ratio: cliText.ms / library.ms,
      atMost: 1.2,
    },
  ];
  return {
    suite: "flow-scale",
    note:
      `chain: ${n} add steps, each reading the one before; fan: ${n - 1} add steps reading only the input, joined by ` +
      `one step (all-succeeded) — ${n} calls each; every figure is one process's (memory after gc unless peak); ` +
      "the library and cli rows each run the chain once in a new process, plan compiled as it starts",
    rows: [],
    ratios: {},
    figures,
    checks,
  };
}

function memoryFigures(
  figure: (name: string, value: number, unit: string) => void,
  name: string,
  result: FlowJobResult,
  steps: number,
): void {
  figure(`${name}: rss before the first run, after gc`, result.before.rss / mib, "MiB");
  figure(`${name}: peak rss up to the end of the first run`, result.peakFirst / mib, "MiB");
  figure(`${name}: peak rss growth per step, first run`, (result.peakFirst - result.before.rss) / steps / 1024, "KiB");
  figure(`${name}: rss held after the first run, after gc`, result.afterFirst.rss / mib, "MiB");
  figure(
    `${name}: heapUsed held after the first run, per step`,
    (result.afterFirst.heapUsed - result.before.heapUsed) / steps / 1024,
    "KiB",
  );
  figure(`${name}: peak rss during the later runs`, result.peakAgain / mib, "MiB");
}

function chainFlow(name: string, steps: number): object {
  return {
    name,
    input: { n: "s32" },
    steps: Array.from({ length: steps }, (_, i) =>
      i === 0
        ? { id: "s0", task: "add", input: { a: "input.n", b: 1 } }
        : { id: `s${i}`, task: "add", after: [`s${i - 1}`], input: { a: `steps.s${i - 1}.output`, b: 1 } },
    ),
    output: { total: `steps.s${steps - 1}.output` },
  };
}

/** `steps - 1` steps that read only the input, and one that waits for all of them. */
function fanOutFlow(name: string, steps: number): object {
  const width = steps - 1;
  const arms = Array.from({ length: width }, (_, i) => ({ id: `f${i}`, task: "add", input: { a: "input.n", b: i } }));
  const join = {
    id: "joined",
    task: "add",
    after: arms.map((arm) => arm.id),
    join: "all-succeeded",
    input: { a: "steps.f0.output", b: `steps.f${width - 1}.output` },
  };
  return { name, input: { n: "s32" }, steps: [...arms, join], output: { total: "steps.joined.output" } };
}

function writeFlow(folder: string, flow: object): string {
  const file = join(folder, `${(flow as { name: string }).name}.flow.json`);
  writeFileSync(file, JSON.stringify(flow));
  return file;
}

/** Runs one measurement in a fresh process (see flow-scale-job.ts). */
function runJob<T>(job: Job): T {
  const script = new URL("../flow-scale-job.js", import.meta.url).pathname;
  const done = spawnSync(process.execPath, ["--expose-gc", script, JSON.stringify(job)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * mib,
  });
  if (done.status !== 0) throw new Error(`the ${job.kind} measurement exited ${done.status}: ${done.stderr}`);
  return JSON.parse(done.stdout) as T;
}

/** Runs the CLI with stdout and stderr piped (not a TTY); answers how much each printed. */
function runCli(cli: string, args: readonly string[]): { stdout: number; stderr: number } {
  const done = spawnSync(process.execPath, [cli, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 1024 * mib,
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (done.status !== 0)
    throw new Error(`wasmflow ${args.join(" ")} exited ${done.status}: ${done.stderr}${done.stdout}`);
  return { stdout: done.stdout.length, stderr: done.stderr.length };
}

function timed<T>(fn: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = fn();
  return { ms: performance.now() - started, result };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
