import pLimit from "p-limit";
import { Wasmflow } from "../runtime/wasmflow.js";
import { input } from "./suites/flow-scale.js";

/**
 * One measurement of the flow-scale suite, in a process of its own (run with --expose-gc): so
 * the memory it reports is this measurement's alone, and no measurement warms the JIT or fills
 * the heap for the next. Takes a JSON `Job` as its one argument and prints one JSON line.
 */
export type Job =
  /**
   * Runs a registered flow once (its plan compiled on the way: the first run), then `again` more
   * times, each after a pass of its baseline: `calls` calls of `add` with at most `concurrency` in
   * flight. Alternating the two keeps their ratio fair on a machine whose load changes.
   */
  | {
      readonly kind: "flow";
      readonly home: string;
      readonly root: string;
      readonly flow: string;
      readonly again: number;
      readonly calls: number;
      readonly concurrency: number;
    }
  /** Runs a registered flow `runs` times on one runtime, reading the memory (after a gc) as the history grows. */
  | {
      readonly kind: "history";
      readonly home: string;
      readonly root: string;
      readonly flow: string;
      readonly runs: number;
    }
  /** What a library user pays for one run: open the runtime, run the flow (plan compiled), close. */
  | { readonly kind: "once"; readonly home: string; readonly root: string; readonly flow: string };

export interface Memory {
  readonly rss: number;
  readonly heapUsed: number;
}

export interface FlowJobResult {
  readonly firstMs: number;
  readonly againMs: readonly number[];
  /** The baseline passes, one before each later run. */
  readonly callsMs: readonly number[];
  /** After opening and one call (the pool started), after a gc. */
  readonly before: Memory;
  /** The process's peak rss up to the end of the first run (`maxRSS`), in bytes. */
  readonly peakFirst: number;
  /** After the first run, after a gc: what the run leaves held (the compiled plan, caches). */
  readonly afterFirst: Memory;
  /** The highest rss sampled (every 10 ms) during the later runs. */
  readonly peakAgain: number;
  readonly afterAgain: Memory;
}

export interface HistoryJobResult {
  /** Memory after a gc, after the given number of runs. */
  readonly samples: readonly { readonly runs: number; readonly memory: Memory }[];
  readonly runMs: readonly number[];
}

export interface OnceJobResult {
  readonly ms: number;
}

const job = JSON.parse(process.argv[2] ?? "{}") as Job;
const gc = typeof globalThis.gc === "function" ? globalThis.gc : undefined;
if (gc === undefined) throw new Error("run this with node --expose-gc");

function memory(): Memory {
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

async function runFlow(wf: Wasmflow, flow: string): Promise<number> {
  const started = performance.now();
  const result = await wf.runFlow(flow, input);
  const ms = performance.now() - started;
  if (result.status !== "succeeded") throw new Error(`${flow} ${result.status}: ${result.error?.message}`);
  return ms;
}

/**
 * `count` calls of `add` with at most `concurrency` in flight; 1 is back to back, each awaited
 * before the next. Answers the time they took.
 */
async function calls(wf: Wasmflow, count: number, concurrency: number): Promise<number> {
  const started = performance.now();
  if (concurrency === 1) {
    for (let i = 0; i < count; i += 1) await wf.run("add", { a: i, b: 1 });
  } else {
    const limit = pLimit(concurrency);
    await Promise.all(Array.from({ length: count }, (_, i) => limit(() => wf.run("add", { a: i, b: 1 }))));
  }
  return performance.now() - started;
}

async function measure(): Promise<unknown> {
  if (job.kind === "once") {
    const started = performance.now();
    const wf = Wasmflow.open({ home: job.home, root: job.root });
    try {
      await runFlow(wf, job.flow);
    } finally {
      await wf.close();
    }
    return { ms: performance.now() - started } satisfies OnceJobResult;
  }
  const wf = Wasmflow.open({ home: job.home, root: job.root });
  try {
    // The pool started and its worker warm, as for a library user who has made a call before.
    await wf.run("add", { a: 1, b: 2 });
    switch (job.kind) {
      case "flow": {
        // The baseline warmed up as the flow's first run warms the engine up.
        await calls(wf, job.calls, job.concurrency);
        const before = memory();
        const firstMs = await runFlow(wf, job.flow);
        const peakFirst = process.resourceUsage().maxRSS * 1024;
        const afterFirst = memory();
        let peakAgain = 0;
        const sampler = setInterval(() => {
          peakAgain = Math.max(peakAgain, process.memoryUsage.rss());
        }, 10);
        const againMs: number[] = [];
        const callsMs: number[] = [];
        for (let i = 0; i < job.again; i += 1) {
          callsMs.push(await calls(wf, job.calls, job.concurrency));
          againMs.push(await runFlow(wf, job.flow));
        }
        clearInterval(sampler);
        return {
          firstMs,
          againMs,
          callsMs,
          before,
          peakFirst,
          afterFirst,
          peakAgain,
          afterAgain: memory(),
        } satisfies FlowJobResult;
      }
      case "history": {
        const samples: { runs: number; memory: Memory }[] = [];
        const at = new Set([1, Math.ceil(job.runs / 10), Math.ceil(job.runs / 2), job.runs]);
        const runMs: number[] = [];
        for (let run = 1; run <= job.runs; run += 1) {
          runMs.push(await runFlow(wf, job.flow));
          if (at.has(run)) samples.push({ runs: run, memory: memory() });
        }
        return { samples, runMs } satisfies HistoryJobResult;
      }
    }
  } finally {
    await wf.close();
  }
}

process.stdout.write(`${JSON.stringify(await measure())}\n`);
