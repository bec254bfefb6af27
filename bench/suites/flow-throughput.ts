import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FlowEngine } from "../../runtime/flows/index.js";
import { TaskRunner, WorkerPool } from "../../runtime/sandbox/index.js";
import { SqliteRunStore } from "../../runtime/store/index.js";
import { findTaskDefinitionFiles } from "../../runtime/tasks/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { newBench, rowOf, type SuiteContext, type SuiteResult } from "../suite.js";
import { benchText, threeStepFlow } from "../support/three-step-flow.js";
import { withoutHistory } from "../support/without-history.js";

const inFlight = 32;
const flow = threeStepFlow("bench-three-steps");
const text = benchText;

/**
 * Flow throughput, beside what bounds it, in one run: the same three calls made back to back
 * through the pool without the engine (the bound), the engine with a throw-away in-memory store
 * (engine cost), and the engine persisting every step to the SQLite file (persistence cost) —
 * with its history of events, as shipped, and without it (what a persisted flow cost before the
 * history), both on one pool. Each iteration keeps `inFlight` flows in flight, so figures are
 * flows per second.
 */
export async function flowThroughput(context: SuiteContext): Promise<SuiteResult> {
  const { root, home } = context;
  const file = join(home, "bench-three-steps.flow.json");
  writeFileSync(file, JSON.stringify(flow));
  const persisted = await open(root, join(home, "flow-file-store"), file);
  const inMemory = await open(root, ":memory:", file);

  const backToBack = async (): Promise<void> => {
    const counted = (await persisted.run("word-count", { text })).output as { words: number; vowels: number };
    const scored = (await persisted.run("score", counted)).output as { score: number; label: string };
    await persisted.run("slugify", { text: scored.score >= 0.5 ? scored.label : "poor" });
  };
  // Two engines on the persisted store and one pool of their own: the same code, with and without
  // the events' writes.
  const pool = new WorkerPool();
  const runner = new TaskRunner(pool);
  const source = persisted.flows.get("bench-three-steps");
  const engineOf = (history: boolean) => {
    const runs = new SqliteRunStore(persisted.store);
    const options = { store: persisted.store, tasks: persisted.tasks, runner: () => runner };
    return new FlowEngine(history ? { ...options, runs } : { ...options, runs: withoutHistory(runs) });
  };
  const [kept, dropped] = [engineOf(true), engineOf(false)];
  const direct = (engine: FlowEngine) => async () => {
    const result = await (await engine.start(source, { text })).result;
    if (result.status !== "succeeded") throw new Error(`flow ${result.status}: ${result.error?.message}`);
  };
  const batch = (one: () => Promise<unknown>) => () =>
    Promise.all(Array.from({ length: inFlight }, one)).then(() => {});
  const engine = (wf: Wasmflow) => async () => {
    const result = await wf.runFlow("bench-three-steps", { text });
    if (result.status !== "succeeded") throw new Error(`flow ${result.status}: ${result.error?.message}`);
  };

  const bench = newBench(context, { time: 3000, warmupTime: 500 });
  bench.add("calls: the 3 calls back to back, no engine", batch(backToBack));
  bench.add("memory: engine, in-memory store", batch(engine(inMemory)));
  bench.add("sqlite: engine, persisted to the store file", batch(engine(persisted)));
  bench.add("history: engine persisted with its history, own pool", batch(direct(kept)));
  bench.add("nohistory: the same without the history's writes", batch(direct(dropped)));
  // One flow at a time: what the engine adds to the latency of a single flow.
  const single = newBench(context, { time: 2000, warmupTime: 300 });
  single.add("calls1: the 3 calls back to back, one flow at a time", backToBack);
  single.add("sqlite1: engine persisted, one flow at a time", engine(persisted));
  await bench.run();
  await single.run();
  await kept.close();
  await dropped.close();
  await pool.close();
  await persisted.close();
  await inMemory.close();

  const rows = [...bench.tasks.map((task) => rowOf(task, inFlight)), ...single.tasks.map((task) => rowOf(task))];
  const ops = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.opsPerSecond ?? Number.NaN;
  return {
    suite: "flow",
    note:
      `rows calls, memory and sqlite keep ${inFlight} flows in flight per iteration (p50/p99 per batch of ${inFlight}); ` +
      "rows calls1 and sqlite1 run one flow at a time (p50/p99 per flow); 3 steps run per flow",
    rows,
    ratios: {
      "sqlite/calls (engine + persistence vs bare calls)": ops("sqlite:") / ops("calls:"),
      "memory/calls (engine alone vs bare calls)": ops("memory:") / ops("calls:"),
      "sqlite/memory (persistence cost)": ops("sqlite:") / ops("memory:"),
      "history/nohistory (the history's cost; target ≥ 0.90)": ops("history:") / ops("nohistory:"),
      "sqlite1/calls1 (one flow at a time: engine + persistence vs bare calls)": ops("sqlite1:") / ops("calls1:"),
    },
  };
}

async function open(root: string, home: string, flowFile: string): Promise<Wasmflow> {
  const wf = Wasmflow.open({ home, root });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(flowFile);
  return wf;
}
