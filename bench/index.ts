import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import type { SuiteContext, SuiteResult } from "./suite.js";
import { coldStart } from "./suites/cold-start.js";
import { dashboard } from "./suites/dashboard.js";
import { expressionCost } from "./suites/expressions.js";
import { flowScale } from "./suites/flow-scale.js";
import { flowThroughput } from "./suites/flow-throughput.js";
import { isolation } from "./suites/isolation.js";
import { scaling } from "./suites/scaling.js";
import { service } from "./suites/service.js";
import { taskThroughput } from "./suites/task-throughput.js";

const suites: Record<string, (context: SuiteContext) => Promise<SuiteResult>> = {
  task: taskThroughput,
  flow: flowThroughput,
  "cold-start": coldStart,
  scaling,
  isolation,
  expressions: expressionCost,
  "flow-scale": flowScale,
  service,
  dashboard,
};

/** A suite's result as reported: with the machine's 1-minute load average before and after it ran. */
interface Reported extends SuiteResult {
  readonly load1m: { readonly before: number; readonly after: number };
}

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
const results: Reported[] = [];
// Figures taken while something else keeps the cores busy are not comparable: say how busy they were.
const load1m = () => loadavg()[0] ?? Number.NaN;
try {
  for (const name of chosen) {
    const run = suites[name];
    if (run === undefined) continue;
    // The suites take from seconds to a minute each; say which one is running.
    const before = load1m();
    console.error(`running the ${name} suite… (load average, 1 min: ${before.toFixed(2)})`);
    const result = await run({ root, home, quick });
    const after = load1m();
    results.push({ ...result, load1m: { before, after } });
    console.log(`\n${result.suite} — ${result.note}`);
    console.log(`  load average (1 min): ${before.toFixed(2)} before, ${after.toFixed(2)} after`);
    if (result.rows.length > 0) {
      console.table(
        result.rows.map((r) => ({
          task: r.name,
          "ops/s": Math.round(r.opsPerSecond),
          "p50 ms": r.p50Ms.toFixed(3),
          "p99 ms": r.p99Ms.toFixed(3),
        })),
      );
    }
    for (const [figure, { value, unit }] of Object.entries(result.figures ?? {}))
      console.log(`  ${figure}: ${formatFigure(value)} ${unit}`);
    for (const [ratio, value] of Object.entries(result.ratios))
      console.log(`  ${ratio} = ${(value * 100).toFixed(1)}%`);
    for (const check of result.checks ?? []) {
      const met = check.ratio <= check.atMost ? "met" : "NOT met";
      console.log(`  ${check.name} = ${check.ratio.toFixed(2)}× (target ≤ ${check.atMost}×: ${met})`);
    }
  }
} finally {
  // The suites' stores, builds and logs: nothing of them is needed once the figures are out.
  rmSync(home, { recursive: true, force: true });
}
console.log(`\nmachine: ${machine}`);
if (options.json !== undefined)
  writeFileSync(options.json, `${JSON.stringify({ machine, quick, results }, null, 2)}\n`);

function formatFigure(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
}
