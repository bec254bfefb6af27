import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import type { SuiteContext, SuiteResult } from "./suite.js";
import { coldStart } from "./suites/cold-start.js";
import { flowThroughput } from "./suites/flow-throughput.js";
import { scaling } from "./suites/scaling.js";
import { taskThroughput } from "./suites/task-throughput.js";

const suites: Record<string, (context: SuiteContext) => Promise<SuiteResult>> = {
  task: taskThroughput,
  flow: flowThroughput,
  "cold-start": coldStart,
  scaling,
};

const options = new Command("bench")
  .option("--scope <suite>", `run one suite: ${Object.keys(suites).join(", ")}`)
  .option("--json <file>", "also write the results as JSON")
  .option("--quick", "check that the suites run: a couple of iterations per row, figures not meaningful")
  .parse()
  .opts<{ scope?: string; json?: string; quick?: boolean }>();

const quick = options.quick === true;
if (quick) console.error("a quick pass: each row runs twice, to check that the suites work; its figures mean nothing");
const chosen = options.scope === undefined ? Object.keys(suites) : [options.scope];
for (const name of chosen) {
  if (!(name in suites)) {
    console.error(`unknown suite "${name}"; suites: ${Object.keys(suites).join(", ")}`);
    process.exit(2);
  }
}
// bench/ compiles to dist/bench/: the project root is two folders up.
const root = fileURLToPath(new URL("../..", import.meta.url));
const home = mkdtempSync(join(tmpdir(), "wasmflow-bench-"));
const machine = `${cpus()[0]?.model ?? "cpu"} × ${availableParallelism()}, Node ${process.version}`;
const results: SuiteResult[] = [];
try {
  for (const name of chosen) {
    const run = suites[name];
    if (run === undefined) continue;
    // The suites take from seconds to a minute each; say which one is running.
    console.error(`running the ${name} suite…`);
    const result = await run({ root, home, quick });
    results.push(result);
    console.log(`\n${result.suite} — ${result.note}`);
    console.table(
      result.rows.map((r) => ({
        task: r.name,
        "ops/s": Math.round(r.opsPerSecond),
        "p50 ms": r.p50Ms.toFixed(3),
        "p99 ms": r.p99Ms.toFixed(3),
      })),
    );
    for (const [ratio, value] of Object.entries(result.ratios))
      console.log(`  ${ratio} = ${(value * 100).toFixed(1)}%`);
  }
} finally {
  // The suites' stores, builds and logs: nothing of them is needed once the figures are out.
  rmSync(home, { recursive: true, force: true });
}
console.log(`\nmachine: ${machine}`);
if (options.json !== undefined)
  writeFileSync(options.json, `${JSON.stringify({ machine, quick, results }, null, 2)}\n`);
