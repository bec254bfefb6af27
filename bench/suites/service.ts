import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { findTaskDefinitionFiles } from "../../runtime/index.js";
import { startServer } from "../../runtime/server/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import type { LoadResult } from "../service-load.js";
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
  const server = await startServer({ wf, port: 0 });
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
  const script = new URL("../service-load.js", import.meta.url).pathname;
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
      if (code === 0) resolve(JSON.parse(stdout) as LoadResult);
      else reject(new Error(`the load generator exited ${code}: ${stderr}`));
    });
  });
}
