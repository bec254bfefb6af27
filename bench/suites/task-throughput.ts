import { Worker } from "node:worker_threads";
import { Bench } from "tinybench";
import { findTaskDefinitionFiles } from "../../runtime/tasks/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import type { SuiteResult } from "../suite.js";

const inFlight = 64;
const text = "lorem ipsum dolor sit amet ".repeat(40).slice(0, 1024);

/**
 * Task throughput, beside what bounds it, in one run: a raw worker_threads round trip doing
 * nothing (the transport limit, b) against `run` of an sdk task doing real work on 1 KiB of text
 * with fresh-instance isolation and timeouts (e) and with `instance: "reuse"` (f). Each iteration
 * keeps `inFlight` calls in flight, so figures are calls per second.
 */
export async function taskThroughput(root: string, home: string): Promise<SuiteResult> {
  const wf = Wasmflow.open({ home, root });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  const echo = new Worker(
    "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));",
    { eval: true },
  ).on("error", () => {});
  await new Promise((resolve) => echo.once("online", resolve));
  const roundTrips = () =>
    new Promise<void>((resolve) => {
      let pending = inFlight;
      const onMessage = () => {
        pending -= 1;
        if (pending === 0) {
          echo.off("message", onMessage);
          resolve();
        }
      };
      echo.on("message", onMessage);
      for (let i = 0; i < inFlight; i++) echo.postMessage(i);
    });
  const calls = (instance: "fresh" | "reuse") => () =>
    Promise.all(Array.from({ length: inFlight }, () => wf.run("word-count", { text }, { instance }))).then(() => {});

  const bench = new Bench({ time: 2000, warmupTime: 500, throws: true });
  bench.add("b: worker_threads round trip (no-op)", roundTrips);
  bench.add("e: run word-count 1 KiB, fresh instance", calls("fresh"));
  bench.add("f: run word-count 1 KiB, instance reuse", calls("reuse"));
  await bench.run();
  await echo.terminate();
  await wf.close();

  const rows = bench.tasks.map((task) => {
    const result = task.result;
    if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}`);
    return {
      name: task.name,
      opsPerSecond: result.throughput.mean * inFlight,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
    };
  });
  const ops = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.opsPerSecond ?? Number.NaN;
  return {
    suite: "task",
    note: `${inFlight} calls in flight per iteration; latencies are per batch of ${inFlight}`,
    rows,
    ratios: { "e/b": ops("e:") / ops("b:"), "e/f": ops("e:") / ops("f:") },
  };
}
