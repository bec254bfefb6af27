import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { TaskRunError } from "../../runtime/errors/index.js";
import { defaultPoolOptions, type RunOptions } from "../../runtime/sandbox/index.js";
import { findTaskDefinitionFiles } from "../../runtime/tasks/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { largeWordCount, registerLargeWordCount } from "../large-word-count.js";
import { newBench, rowOf, type SuiteContext, type SuiteResult } from "../suite.js";

const threadCounts = [1, 2, 4] as const;
const threadInFlight = 64;
const kib = 1024;
const mib = 1024 * 1024;
const sizes = [1 * kib, 16 * kib, 256 * kib, 1 * mib] as const;
/** Fewer calls in flight for the size series: a batch of 64 calls on 256 KiB would take seconds. */
const sizeInFlight = 8;
/** The size series runs word-count's code built with room for 1 MiB (see large-word-count.ts). */
const sizeOptions: RunOptions = { timeoutMs: 10_000 };
const floodCalls = 10_000;
const floodChunk = 1000;

type Row = SuiteResult["rows"][number];

/**
 * How `run("word-count")` scales, in one run: throughput with `threadInFlight` calls in flight
 * on 1, 2 and 4 worker threads (against 1 thread); then, on one pool at the default thread count,
 * a flood of `floodCalls` calls, `floodChunk` in flight at a time, with the process's memory read
 * before, half-way and after (bounded memory means the second half does not grow like the
 * first), and throughput with inputs of 1 KiB to 1 MiB (against 1 KiB). A size the task cannot
 * take is reported in the note, not timed.
 */
export async function scaling(context: SuiteContext): Promise<SuiteResult> {
  const { root, home } = context;
  const setup = Wasmflow.open({ home, root });
  try {
    await setup.addTasks(await findTaskDefinitionFiles(root));
  } finally {
    await setup.close();
  }
  await registerLargeWordCount(root, home);
  const rows: Row[] = [];
  const text1k = textOf(1 * kib);
  const batch = (count: number, one: () => Promise<unknown>) => () =>
    Promise.all(Array.from({ length: count }, one)).then(() => {});

  // Threads: one pool at a time, so idle workers of the others take no part.
  for (const threads of threadCounts) {
    const wf = Wasmflow.open({ home, root, pool: { threads } });
    try {
      const bench = newBench(context, { time: 2000, warmupTime: 500 });
      bench.add(
        `threads ${threads}: word-count 1 KiB, ${threadInFlight} in flight`,
        batch(threadInFlight, () => wf.run("word-count", { text: text1k })),
      );
      await bench.run();
      rows.push(...bench.tasks.map((task) => rowOf(task, threadInFlight)));
    } finally {
      await wf.close();
    }
  }

  const wf = Wasmflow.open({ home, root });
  const notes: string[] = [];
  const mibPerSecond: string[] = [];
  try {
    // The flood first, on a pool warmed by one call: what the first half adds is the pool settling
    // in; the second half shows whether anything keeps accumulating.
    await wf.run("word-count", { text: text1k });
    const gc = forceGc();
    const memory = () => {
      gc?.();
      const { rss, heapUsed } = process.memoryUsage();
      return { rss, heapUsed };
    };
    const chunkMs: number[] = [];
    const readings = [memory()];
    for (let done = 0; done < floodCalls; done += floodChunk) {
      const t = performance.now();
      await Promise.all(Array.from({ length: floodChunk }, () => wf.run("word-count", { text: text1k })));
      chunkMs.push(performance.now() - t);
      if (done + floodChunk === floodCalls / 2) readings.push(memory());
    }
    // The chunks' own time: the half-way reading (a full gc) is left out.
    const elapsedMs = chunkMs.reduce((sum, ms) => sum + ms, 0);
    readings.push(memory());
    rows.push({
      name: `flood: ${floodCalls} calls, ${floodChunk} in flight per chunk`,
      opsPerSecond: (floodCalls * 1000) / elapsedMs,
      p50Ms: percentile(chunkMs, 0.5),
      p99Ms: percentile(chunkMs, 0.99),
    });
    const [before, half, after] = readings;
    if (before === undefined || half === undefined || after === undefined) throw new Error("unreachable");
    const grew = (from: number, to: number) => {
      const change = (to - from) / mib;
      return `${change >= 0 ? "+" : ""}${change.toFixed(1)} MiB`;
    };
    notes.push(
      `flood memory${gc === undefined ? " (no gc available)" : " (after gc)"}: ` +
        `rss ${(before.rss / mib).toFixed(0)} MiB, ${grew(before.rss, half.rss)} over the first ${floodCalls / 2} calls, ` +
        `${grew(half.rss, after.rss)} over the second; main-thread heapUsed ` +
        `${grew(before.heapUsed, half.heapUsed)} then ${grew(half.heapUsed, after.heapUsed)}`,
    );

    // Sizes, at the default thread count.
    const bench = newBench(context, { time: 2000, warmupTime: 300, iterations: 16, warmupIterations: 4 });
    const measured: number[] = [];
    for (const size of sizes) {
      const text = textOf(size);
      const one = () => wf.run(largeWordCount, { text }, sizeOptions);
      const refused = await refusal(one);
      if (refused !== undefined) {
        notes.push(`${label(size)} could not run: ${refused}`);
        continue;
      }
      measured.push(size);
      bench.add(`size ${label(size)}: ${largeWordCount}, ${sizeInFlight} in flight`, batch(sizeInFlight, one));
    }
    await bench.run();
    bench.tasks.forEach((task, i) => {
      const r = rowOf(task, sizeInFlight);
      rows.push(r);
      const size = measured[i] ?? Number.NaN;
      mibPerSecond.push(`${label(size)} ${((r.opsPerSecond * size) / mib).toFixed(2)} MiB/s`);
    });
  } finally {
    await wf.close();
  }

  const ops = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.opsPerSecond ?? Number.NaN;
  const ratios: Record<string, number> = {};
  for (const threads of threadCounts.slice(1)) {
    ratios[`threads ${threads}/1 (calls/s)`] = ops(`threads ${threads}:`) / ops("threads 1:");
  }
  for (const size of sizes.slice(1)) {
    const calls = ops(`size ${label(size)}:`) / ops(`size ${label(1 * kib)}:`);
    if (Number.isNaN(calls)) continue;
    ratios[`${label(size)}/1 KiB (calls/s)`] = calls;
    ratios[`${label(size)}/1 KiB (MiB/s)`] = (calls * size) / kib;
  }
  return {
    suite: "scaling",
    note: [
      `threads rows: ${threadInFlight} calls in flight, size rows: ${sizeInFlight} in flight at the default ` +
        `${defaultPoolOptions.threads} threads, running word-count's code built with 16 MiB of memory; p50/p99 are per batch ` +
        `(per chunk of ${floodChunk} for the flood, whose p99 is about its slowest of ${floodCalls / floodChunk})`,
      `throughput: ${mibPerSecond.join(", ")}`,
      ...notes,
    ].join("; "),
    rows,
    ratios,
  };
}

/** Text of exactly `bytes` ASCII characters (so as many UTF-8 bytes). */
function textOf(bytes: number): string {
  const words = "lorem ipsum dolor sit amet ";
  return words.repeat(Math.ceil(bytes / words.length)).slice(0, bytes);
}

function label(bytes: number): string {
  return bytes >= mib ? `${bytes / mib} MiB` : `${bytes / kib} KiB`;
}

/** Why one call fails, or undefined when it succeeds: a size the task cannot take is reported, not timed. */
async function refusal(call: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    if (!(error instanceof TaskRunError)) throw error;
    return `${error.code}: ${error.message}`;
  }
}

/** `global.gc` when Node runs with --expose-gc; else the same function obtained at run time. */
function forceGc(): (() => void) | undefined {
  if (typeof globalThis.gc === "function") return globalThis.gc;
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}
