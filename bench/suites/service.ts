import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { findTaskDefinitionFiles } from "../../runtime/index.js";
import { startServer } from "../../runtime/server/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import type { LoadResult } from "../service-load.js";
import type { SubscribersResult } from "../sse-subscribers.js";
import { newBench, rowOf, type SuiteContext, type SuiteResult, type SuiteRow } from "../suite.js";
import { benchText, threeStepFlow } from "../support/three-step-flow.js";

const inFlight = 32;
const flow = threeStepFlow("bench-service");
const text = benchText;

/**
 * What the HTTP API costs over the library, both on one runtime in one run: flows started and
 * awaited through `POST /v1/flows/{ref}/runs?wait` against `wf.runFlow`, and task runs through
 * `POST /v1/tasks/{ref}/runs` against `wf.run`, each with `inFlight` in flight. The HTTP requests
 * come from another process (bench/service-load.ts: undici's pool, as many connections), as a
 * client's would: the server's thread carries only the server. Target: flows through HTTP at
 * ≥ 60 % of the library's rate.
 */
export async function service(context: SuiteContext): Promise<SuiteResult> {
  const { root, home } = context;
  const file = join(home, "bench-service.flow.json");
  writeFileSync(file, JSON.stringify(flow));
  const wf = Wasmflow.open({ home: join(home, "service-store"), root });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(file);
  wf.flows.add(wf.checkFlowDefinition(busyFlow).definition);
  const server = await startServer({ wf, port: 0, maxStreams: 2000 });
  const timing = context.quick ? { warmupMs: 50, durationMs: 200 } : { warmupMs: 500, durationMs: 3000 };
  const http = async (name: string, path: string, body: unknown): Promise<SuiteRow> => {
    const result = await runLoad({ url: server.url, path, body, concurrency: inFlight, ...timing });
    if (result.failed > 0) throw new Error(`${name}: ${result.failed} requests were not answered 200`);
    return { name, opsPerSecond: result.requests / result.seconds, p50Ms: result.p50Ms, p99Ms: result.p99Ms };
  };
  const batch = (one: () => Promise<unknown>) => () =>
    Promise.all(Array.from({ length: inFlight }, one)).then(() => {});
  const libraryFlow = async () => {
    const result = await wf.runFlow("bench-service", { text });
    if (result.status !== "succeeded") throw new Error(`flow ${result.status}`);
  };
  const libraryTask = () => wf.run("word-count", { text });

  const bench = newBench(context, { time: 3000, warmupTime: 500 });
  bench.add("library-flows: wf.runFlow of a 3-step flow", batch(libraryFlow));
  bench.add("library-tasks: wf.run of word-count on 1 KiB", batch(libraryTask));
  const rows: SuiteRow[] = [];
  let streams: StreamFigures | undefined;
  try {
    await bench.run();
    rows.push(...bench.tasks.map((task) => rowOf(task, inFlight)));
    const flowRun = { input: { text } };
    rows.push(
      await http(
        "http-flows: the same through POST /v1/flows/{ref}/runs?wait",
        "/v1/flows/bench-service/runs?wait=60000",
        flowRun,
      ),
    );
    rows.push(
      await http("http-tasks: the same through POST /v1/tasks/{ref}/runs", "/v1/tasks/word-count/runs", flowRun),
    );
    streams = await subscribersOnOneRun(wf, server.url, context.quick ? 50 : 1000);
    rows.push({
      name: `sse-events: events delivered to ${streams.subscribers} subscribers of one busy run (p50/p99: each one's time to the run's end)`,
      opsPerSecond: streams.eventsPerSecond,
      p50Ms: streams.p50Ms,
      p99Ms: streams.p99Ms,
    });
  } finally {
    await server.close();
    await wf.close();
  }

  const ops = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.opsPerSecond ?? Number.NaN;
  return {
    suite: "service",
    note:
      `${inFlight} library calls or HTTP requests in flight; library rows: p50/p99 per batch of ${inFlight}; ` +
      "http rows: requests from another process, p50/p99 per request",
    rows,
    ...(streams === undefined
      ? {}
      : {
          figures: {
            "sse subscribers, each following one busy run": { value: streams.subscribers, unit: "streams" },
            "events each subscriber received (all the run's)": { value: streams.eventsEach, unit: "events" },
            "event rate each subscriber received": { value: streams.eachPerSecond, unit: "events/s" },
            "server memory per subscriber (peak RSS over the same run unwatched)": {
              value: streams.bytesEach / 1024,
              unit: "KiB",
            },
          },
        }),
    ratios: {
      "http-flows/library-flows (target ≥ 0.60)": ops("http-flows:") / ops("library-flows:"),
      "http-tasks/library-tasks": ops("http-tasks:") / ops("library-tasks:"),
    },
    checks: [
      {
        name: "library-flows/http-flows (flows through HTTP at ≥ 60 % of the library: at most 1.67×)",
        ratio: ops("library-flows:") / ops("http-flows:"),
        atMost: 1 / 0.6,
      },
    ],
  };
}

/** Runs the load generator in a process of its own and reads its result; the server keeps serving meanwhile. */
function runLoad(load: {
  url: string;
  path: string;
  body: unknown;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}): Promise<LoadResult> {
  return runChild<LoadResult>("../service-load.js", load);
}

/** Runs a load script in a process of its own; its last stdout line is its JSON result. */
function runChild<T>(path: string, load: unknown): Promise<T> {
  const script = new URL(path, import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(load)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as T);
      else reject(new Error(`the load generator exited ${code}: ${stderr}`));
    });
  });
}

/** A run of many short steps in a chain: its events keep coming for a while. */
const busySteps = 400;
const busyFlow = {
  name: "bench-busy",
  input: { text: "string" },
  steps: Array.from({ length: busySteps }, (_, i) => ({
    id: `s${i}`,
    task: "slugify",
    input: { text: "input.text" },
    ...(i === 0 ? {} : { after: [`s${i - 1}`] }),
  })),
  output: { last: `steps.s${busySteps - 1}.output` },
};

interface StreamFigures {
  readonly subscribers: number;
  readonly eventsEach: number;
  readonly eventsPerSecond: number;
  readonly eachPerSecond: number;
  readonly bytesEach: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * `subscribers` streams on one busy run, opened from another process while it runs: every one
 * must receive all of the run's events. Memory is the server process's peak RSS over the same
 * run with nobody watching, shared out per subscriber.
 */
async function subscribersOnOneRun(wf: Wasmflow, url: string, subscribers: number): Promise<StreamFigures> {
  const peakDuring = async (work: () => Promise<void>): Promise<number> => {
    let peak = process.memoryUsage.rss();
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 10);
    try {
      await work();
    } finally {
      clearInterval(sampler);
    }
    return peak;
  };
  const unwatched = await peakDuring(async () => {
    await wf.runFlow("bench-busy", { text: "busy" });
  });
  let result: SubscribersResult | undefined;
  let expected = 0;
  const watched = await peakDuring(async () => {
    const run = await wf.startFlow("bench-busy", { text: "busy" });
    [result] = await Promise.all([
      runChild<SubscribersResult>("../sse-subscribers.js", { url, runId: run.id, subscribers }),
      run.result,
    ]);
    for await (const _ of wf.history(run.id, { follow: false })) expected += 1;
  });
  if (result === undefined) throw new Error("the subscribers answered nothing");
  const short = result.eventsEach.filter((count) => count !== expected).length;
  if (result.failed > 0 || short > 0) {
    throw new Error(
      `sse: ${result.failed} streams failed, ${short} received other than the run's ${expected} events: ${result.reasons.join("; ")}`,
    );
  }
  const delivered = expected * subscribers;
  return {
    subscribers,
    eventsEach: expected,
    eventsPerSecond: delivered / result.seconds,
    eachPerSecond: expected / result.seconds,
    bytesEach: Math.max(0, watched - unwatched) / subscribers,
    p50Ms: quantile(result.doneMs, 0.5),
    p99Ms: quantile(result.doneMs, 0.99),
  };
}

/** The `q` quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
