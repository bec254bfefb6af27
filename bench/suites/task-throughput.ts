import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { Piscina } from "piscina";
import { findTaskDefinitionFiles } from "../../runtime/tasks/index.js";
import { inspectModule } from "../../runtime/wasm/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { newBench, rowOf, type SuiteContext, type SuiteResult } from "../suite.js";

const inFlight = 64;
/** Calls of `add` per iteration of the in-thread row (a): one call is far below the timer's resolution. */
const inThreadCalls = 1000;
const text = "lorem ipsum dolor sit amet ".repeat(40).slice(0, 1024);

/**
 * Task throughput, beside what bounds it, in one run:
 * (a) a call into an already instantiated module in this thread — the limit of any sandbox;
 * (b) a raw worker_threads round trip doing nothing — the transport limit;
 * (c) a piscina task doing nothing, on as many threads as the pool — what the pool is built on;
 * (d) `run` of a trivial plain task (`add`) — the pool, the registry lookup, marshalling,
 *     a fresh instance and the timeout machinery around next to no guest work;
 * (e) `run` of an sdk task doing real work on 1 KiB of text with fresh-instance isolation, and
 * (f) the same with `instance: "reuse"`.
 * Rows b–f keep `inFlight` calls in flight per iteration; rows b1, c1, d1, e1 make one call at a
 * time. Figures are calls per second.
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

  const echo = new Worker(
    "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));",
    { eval: true },
  ).on("error", () => {});
  await new Promise((resolve) => echo.once("online", resolve));
  const roundTrips = (count: number) => () =>
    new Promise<void>((resolve) => {
      let pending = count;
      const onMessage = () => {
        pending -= 1;
        if (pending === 0) {
          echo.off("message", onMessage);
          resolve();
        }
      };
      echo.on("message", onMessage);
      for (let i = 0; i < count; i++) echo.postMessage(i);
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

  const batch = (count: number, one: () => Promise<unknown>) => () =>
    Promise.all(Array.from({ length: count }, one)).then(() => {});
  const noop = () => piscina.run(0);
  const addCall = () =>
    wf.run("add", { a: 1, b: 2 }).then((r) => {
      if (r.output !== 3) throw new Error(`add returned ${String(r.output)}`);
    });
  const wordCount = (instance: "fresh" | "reuse") => () => wf.run("word-count", { text }, { instance });

  const perIteration = new Map<string, number>();
  const bench = newBench(context, { time: 2000, warmupTime: 500 });
  const measure = (name: string, calls: number, fn: () => unknown) => {
    perIteration.set(name, calls);
    bench.add(name, fn);
  };
  measure(`a: in-thread call of add into one instance (×${inThreadCalls})`, inThreadCalls, inThread);
  measure("b: worker_threads round trip (no-op)", inFlight, roundTrips(inFlight));
  measure("b1: worker_threads round trip, one at a time", 1, roundTrips(1));
  measure("c: piscina no-op task", inFlight, batch(inFlight, noop));
  measure("c1: piscina no-op task, one at a time", 1, noop);
  measure("d: run add (plain, trivial)", inFlight, batch(inFlight, addCall));
  measure("d1: run add, one at a time", 1, addCall);
  measure("e: run word-count 1 KiB, fresh instance", inFlight, batch(inFlight, wordCount("fresh")));
  measure("e1: run word-count 1 KiB, fresh, one at a time", 1, wordCount("fresh"));
  measure("f: run word-count 1 KiB, instance reuse", inFlight, batch(inFlight, wordCount("reuse")));
  try {
    await bench.run();
  } finally {
    await echo.terminate();
    await piscina.close();
    rmSync(noopDir, { recursive: true, force: true });
    await wf.close();
  }

  const rows = bench.tasks.map((task) => rowOf(task, perIteration.get(task.name) ?? Number.NaN));
  const ops = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.opsPerSecond ?? Number.NaN;
  return {
    suite: "task",
    note:
      `rows b–f keep ${inFlight} calls in flight per iteration and their p50/p99 are per batch of ${inFlight}; ` +
      `rows b1–e1 make one call at a time and their p50/p99 are per call; row a's p50/p99 are per ` +
      `${inThreadCalls} calls; c uses ${threads} piscina threads like the pool; ops/s are calls per second`,
    rows,
    ratios: {
      "d/b (trivial run vs raw round trip)": ops("d:") / ops("b:"),
      "e/b (word-count run vs raw round trip)": ops("e:") / ops("b:"),
      "e/f (fresh vs reused instance)": ops("e:") / ops("f:"),
      "c/b (piscina vs raw round trip)": ops("c:") / ops("b:"),
      "d/c (trivial run vs piscina no-op)": ops("d:") / ops("c:"),
      "d1/b1 (one at a time)": ops("d1:") / ops("b1:"),
      "e1/b1 (one at a time)": ops("e1:") / ops("b1:"),
      "a/e (in-thread call vs word-count run, for scale)": ops("a:") / ops("e:"),
    },
  };
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
