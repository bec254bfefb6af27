import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { Worker } from "node:worker_threads";
import { Piscina } from "piscina";
import { findTaskDefinitionFiles } from "../../runtime/tasks/index.js";
import { inspectModule } from "../../runtime/wasm/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { MinimalPool } from "../minimal-pool.js";
import { newBench, rowOf, type SuiteContext, type SuiteResult } from "../suite.js";

const inFlight = 64;
/** Calls of `add` per iteration of the in-thread row (a): one call is far below the timer's resolution. */
const inThreadCalls = 1000;
const text = "lorem ipsum dolor sit amet ".repeat(40).slice(0, 1024);
/** Batches of `inFlight` calls in each CPU-per-call measurement: 20 480 calls, a few seconds per run. */
const cpuBatches = 320;
const cpuBatchesQuick = 4;

/**
 * Task throughput, beside what bounds it, in one run:
 * (a) a call into an already instantiated module in this thread — the limit of any sandbox;
 * (b) a raw worker_threads round trip doing nothing — the transport limit;
 * (c) a piscina task doing nothing, on as many threads as the pool — what the pool is built on;
 * (d) `run` of a trivial plain task (`add`) — the pool, the registry lookup, marshalling,
 *     a fresh instance and the timeout machinery around next to no guest work;
 * (e) `run` of an sdk task doing real work on 1 KiB of text with fresh-instance isolation;
 * (f) the same with `instance: "reuse"`;
 * (g) the same work on a minimal pool of the same design (see minimal-pool.ts) — the design's own
 *     limit, so e/g is what wasmflow's checks, timeouts and cancellation cost.
 * Rows b–g keep `inFlight` calls in flight per iteration; rows b1, c1, d1, e1, g1 make one call at
 * a time. Figures are calls per second, and the CPU time per call of e and g.
 */
export async function taskThroughput(context: SuiteContext): Promise<SuiteResult> {
  const { root, home } = context;
  const wf = Wasmflow.open({ home, root });
  await wf.addTasks(await findTaskDefinitionFiles(root));

  const add = instantiateAdd(readFileSync(join(root, "build/tasks/math.wasm")));
  const inThread = () => {
    let sum = 0;
    for (let i = 0; i < inThreadCalls; i++) sum += add(1, 2);
    if (sum !== 3 * inThreadCalls) throw new Error(`add(1, 2) summed to ${sum}`);
  };

  // The worker echoes each id; a reply settles only the round trip that sent that id, so a reply
  // to a call made outside the measured iterations cannot end one of them early.
  const echo = new Worker(
    "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (id) => parentPort.postMessage(id));",
    { eval: true },
  ).on("error", () => {});
  await new Promise((resolve) => echo.once("online", resolve));
  const echoWaiting = new Map<number, () => void>();
  echo.on("message", (id: number) => {
    const resolve = echoWaiting.get(id);
    if (resolve === undefined) return;
    echoWaiting.delete(id);
    resolve();
  });
  let nextEcho = 0;
  const roundTrip = () =>
    new Promise<void>((resolve) => {
      const id = nextEcho++;
      echoWaiting.set(id, resolve);
      echo.postMessage(id);
    });

  // The same shape as the wasmflow pool: one thread per core, one task per worker at a time.
  const noopDir = mkdtempSync(join(tmpdir(), "wasmflow-bench-noop-"));
  const noopFile = join(noopDir, "noop.mjs");
  writeFileSync(noopFile, "export default () => 0;\n");
  const threads = availableParallelism();
  const piscina = new Piscina<number, number>({
    filename: noopFile,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    idleTimeout: Number.POSITIVE_INFINITY,
  });

  const minimal = await MinimalPool.start(readFileSync(join(root, "build/tasks/word-count.wasm")), threads);

  const batch = (count: number, one: () => Promise<unknown>) => () =>
    Promise.all(Array.from({ length: count }, one)).then(() => {});
  const noop = () => piscina.run(0);
  const addCall = () =>
    wf.run("add", { a: 1, b: 2 }).then((r) => {
      if (r.output !== 3) throw new Error(`add returned ${String(r.output)}`);
    });
  const wordCount = (instance: "fresh" | "reuse") => () => wf.run("word-count", { text }, { instance });
  const minimalCall = () => minimal.run(text);

  const perIteration = new Map<string, number>();
  const bench = newBench(context, { time: 2000, warmupTime: 500 });
  // Said rather than detected: tinybench detects it by calling the function once as the row is
  // added, and that call's work would still be running while the first rows are measured.
  const measure = (name: string, calls: number, fn: () => unknown, async = true) => {
    perIteration.set(name, calls);
    bench.add(name, fn, { async });
  };
  measure(`a: in-thread call of add into one instance (×${inThreadCalls})`, inThreadCalls, inThread, false);
  measure("b: worker_threads round trip (no-op)", inFlight, batch(inFlight, roundTrip));
  measure("b1: worker_threads round trip, one at a time", 1, roundTrip);
  measure("c: piscina no-op task", inFlight, batch(inFlight, noop));
  measure("c1: piscina no-op task, one at a time", 1, noop);
  measure("d: run add (plain, trivial)", inFlight, batch(inFlight, addCall));
  measure("d1: run add, one at a time", 1, addCall);
  measure("e: run word-count 1 KiB, fresh instance", inFlight, batch(inFlight, wordCount("fresh")));
  measure("e1: run word-count 1 KiB, fresh, one at a time", 1, wordCount("fresh"));
  measure("f: run word-count 1 KiB, instance reuse", inFlight, batch(inFlight, wordCount("reuse")));
  measure("g: minimal pool, word-count 1 KiB, fresh instance", inFlight, batch(inFlight, minimalCall));
  measure("g1: minimal pool, word-count 1 KiB, one at a time", 1, minimalCall);
  const batches = context.quick ? cpuBatchesQuick : cpuBatches;
  const cpuCalls = batches * inFlight;
  let cpu: { e: number; g: number };
  try {
    // The limit is only a limit if it computes the same thing.
    const expected = (await wf.run("word-count", { text })).output;
    const actual = await minimal.run(text);
    if (!isDeepStrictEqual(actual, expected)) {
      throw new Error(
        `the minimal pool's word-count gave ${JSON.stringify(actual)}, run gave ${JSON.stringify(expected)}`,
      );
    }
    await bench.run();
    // The lower of two runs each: a collection or a contended core only ever adds CPU time.
    // Alternating, so a drift of the machine over the measurement falls on both.
    const e: number[] = [];
    const g: number[] = [];
    for (let pair = 0; pair < 2; pair++) {
      e.push(await cpuPerCall(batch(inFlight, wordCount("fresh")), batches));
      g.push(await cpuPerCall(batch(inFlight, minimalCall), batches));
    }
    cpu = { e: Math.min(...e), g: Math.min(...g) };
  } finally {
    await echo.terminate();
    await piscina.close();
    await minimal.close();
    rmSync(noopDir, { recursive: true, force: true });
    await wf.close();
  }

  const rows = bench.tasks.map((task) => rowOf(task, perIteration.get(task.name) ?? Number.NaN));
  const row = (prefix: string) => rows.find((r) => r.name.startsWith(prefix));
  const ops = (prefix: string) => row(prefix)?.opsPerSecond ?? Number.NaN;
  const p50 = (prefix: string) => row(prefix)?.p50Ms ?? Number.NaN;
  return {
    suite: "task",
    note:
      `rows b, c, d, e, f, g keep ${inFlight} calls in flight per iteration and their p50/p99 are per batch of ` +
      `${inFlight}; rows b1, c1, d1, e1, g1 make one call at a time and their p50/p99 are per call; row a's ` +
      `p50/p99 are per ${inThreadCalls} calls; c and g use ${threads} threads like the pool; ops/s are calls per ` +
      `second; CPU per call counts every thread of the process over ${cpuCalls} calls at ${inFlight} in flight ` +
      "(the lower of two runs each, alternating e and g)",
    rows,
    ratios: {
      "d/b (trivial run vs raw round trip)": ops("d:") / ops("b:"),
      "e/b (word-count run vs raw round trip)": ops("e:") / ops("b:"),
      "e/f (fresh vs reused instance)": ops("e:") / ops("f:"),
      "c/b (piscina vs raw round trip)": ops("c:") / ops("b:"),
      "d/c (trivial run vs piscina no-op)": ops("d:") / ops("c:"),
      "d1/b1 (one at a time)": ops("d1:") / ops("b1:"),
      "e1/b1 (one at a time)": ops("e1:") / ops("b1:"),
      "e/g (at 64 in flight)": ops("e:") / ops("g:"),
      "e1/g1 (one at a time)": ops("e1:") / ops("g1:"),
      "e1 p50 / b1 p50": p50("e1:") / p50("b1:"),
      "g1 p50 / b1 p50": p50("g1:") / p50("b1:"),
      "e CPU / g CPU": cpu.e / cpu.g,
      "a/e (in-thread call vs word-count run, for scale)": ops("a:") / ops("e:"),
    },
    figures: {
      "e: CPU per call": { value: cpu.e, unit: "µs" },
      "g: CPU per call": { value: cpu.g, unit: "µs" },
    },
  };
}

/** CPU time of every thread of the process per call, over `batches` batches run one after another. */
async function cpuPerCall(oneBatch: () => Promise<void>, batches: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < batches; i++) await oneBatch();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / (batches * inFlight);
}

/**
 * Instantiates math.wasm once in this thread with the imports it declares: a memory of the
 * limits its `env.memory` import states (as the sandbox makes it) and, if asked for, `env.abort`.
 */
function instantiateAdd(bytes: Uint8Array): (a: number, b: number) => number {
  const info = inspectModule(bytes);
  const env: Record<string, WebAssembly.ImportValue> = {
    abort: () => {
      throw new Error("math.wasm aborted");
    },
  };
  const memory = info.imports.find((i) => i.module === "env" && i.name === "memory");
  if (memory?.kind === "memory") {
    const { initial, maximum } = memory.type;
    env.memory = new WebAssembly.Memory(maximum === undefined ? { initial } : { initial, maximum });
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), { env });
  const add = instance.exports.add;
  if (typeof add !== "function") throw new Error("math.wasm exports no add function");
  return add as (a: number, b: number) => number;
}
