import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

// The benchmark suites are not run for their figures here (speed is measured by `npm run bench`,
// never asserted in tests): a quick pass checks that every suite still runs and reports whole
// rows and ratios, so a change that breaks a suite is caught before someone needs the figures.

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Report {
  readonly machine: string;
  readonly quick: boolean;
  readonly results: readonly {
    readonly suite: string;
    readonly note: string;
    readonly rows: readonly { name: string; opsPerSecond: number; p50Ms: number; p99Ms: number }[];
    readonly ratios: Readonly<Record<string, number>>;
    readonly figures?: Readonly<Record<string, { value: number; unit: string }>>;
    readonly checks?: readonly { name: string; ratio: number; atMost: number }[];
    readonly load1m: { readonly before: number; readonly after: number };
  }[];
}

test("a quick pass of every suite runs and reports every row, ratio and figure", { timeout: 240_000 }, () => {
  const json = join(mkdtempSync(join(tmpdir(), "wf-bench-")), "results.json");
  const run = spawnSync(process.execPath, [join(root, "dist/bench/index.js"), "--quick", "--json", json], {
    cwd: root,
    encoding: "utf8",
  });
  expect(run.stderr).toContain("a quick pass");
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(readFileSync(json, "utf8")) as Report;
  expect(report.quick).toBe(true);
  expect(report.results.map((r) => r.suite)).toEqual([
    "task",
    "flow",
    "cold-start",
    "scaling",
    "isolation",
    "expressions",
    "flow-scale",
    "service",
    "dashboard",
  ]);
  const resultOf = (suite: string) => report.results.find((r) => r.suite === suite);
  // The dashboard: its page weight, and a big run's page against a small one's.
  expect(Object.keys(resultOf("dashboard")?.figures ?? {})).toEqual([
    "page weight: JS, gzipped",
    "page weight: CSS, gzipped",
    "graph layout worker, gzipped",
    expect.stringMatching(/^\d+ runs streaming: frames drawn per second on the runs page$/),
    expect.stringMatching(/^\d+ runs streaming: the page's longest main-thread task over 50 ms \(0: none\)$/),
  ]);
  expect(resultOf("dashboard")?.rows.map((r) => r.name.slice(0, 2))).toEqual(["r1", "r2"]);
  // The service suite measures each library row beside its HTTP row.
  expect(resultOf("service")?.rows.map((r) => r.name.split(":")[0])).toEqual([
    "library-flows",
    "library-tasks",
    "http-flows",
    "http-tasks",
    "sse-events",
  ]);
  const rowsOf = (suite: string) => resultOf(suite)?.rows.map((r) => r.name[0]) ?? [];
  // The baselines and what they bound, by the letter each row starts with.
  expect(rowsOf("task")).toEqual(["a", "b", "b", "c", "c", "d", "d", "e", "e", "f", "g", "g"]);
  expect(resultOf("scaling")?.rows.map((r) => r.name)).toContainEqual(expect.stringMatching(/^size 1 MiB/));
  const task = resultOf("task");
  expect(task?.note).toMatch(/rows b1, c1, d1, e1, g1 make one call at a time and their p50\/p99 are per call/);
  expect(Object.keys(task?.ratios ?? {})).toEqual(
    expect.arrayContaining([
      "e/g (at 64 in flight)",
      "e1/g1 (one at a time)",
      "e1 p50 / b1 p50",
      "g1 p50 / b1 p50",
      "e CPU / g CPU",
    ]),
  );
  expect(Object.keys(task?.figures ?? {})).toEqual(["e: CPU per call", "g: CPU per call"]);
  // Isolation reports every count as a figure, including the zeros, and the head-of-line p99s; its
  // rows are the cost of isolating a module that defines its own memory, three ways, and of a
  // component call, fresh and reused, beside the same work as an sdk task.
  expect(resultOf("isolation")?.rows.map((r) => r.name.split(":")[0])).toEqual(["o1", "o2", "o3", "c1", "c2", "s1"]);
  const isolation = Object.keys(resultOf("isolation")?.figures ?? {});
  for (const pattern of [
    /^storm 10 among 50 \(×2\): healthy calls failed$/,
    /^storm 10 among 50 \(×2\): spinners that ended other than by TIMEOUT$/,
    /^storm 10 among 50 \(×2\): wall time$/,
    /^storm 10 among 20 \(×1\): healthy calls failed$/,
    /^storm 10 among 20 \(×1\): spinners that ended other than by TIMEOUT$/,
    /^storm 10 among 20 \(×1\): wall time$/,
    /^head-of-line, .*: p99 without a spinner$/,
    /^head-of-line, .*: p99 with one spinner$/,
    /^head-of-line, .*: p99 with two spinners$/,
    /^head-of-line, .*: healthy calls failed$/,
  ]) {
    expect(isolation, String(pattern)).toContainEqual(expect.stringMatching(pattern));
  }
  expect(Object.keys(resultOf("isolation")?.ratios ?? {})).toEqual([
    "o2/o1 (time per call: pooled memory vs the module's own)",
    "o2/o3 (time per call: fresh instance over pooled memory vs a reused instance)",
    "c1/s1 (time per call: component vs sdk task, fresh instances)",
    "c1/c2 (time per call: fresh component instance vs a reused one)",
    "p99 with one spinner / p99 without",
    "p99 with two spinners / p99 without",
  ]);
  // The expression suite: the published library against the fixed one, on the same expressions.
  expect(resultOf("expressions")?.rows.map((r) => r.name.split(":")[0])).toEqual(["u", "x", "u2", "x2", "p"]);
  expect(Object.keys(resultOf("expressions")?.ratios ?? {})).toEqual([
    "x/u (time per evaluation, fixed vs published library)",
    "x2/u2 (time per evaluation on the changed paths)",
    "x/p (the library's share of a step's evaluation)",
  ]);
  // Flow scale: each target beside its ratio, and the memory of the runs and of a history of them.
  const scale = resultOf("flow-scale");
  expect(scale?.checks?.map((c) => [c.name.split(" ")[0], c.atMost])).toEqual([
    ["chain/calls", 2],
    ["fan/calls256", 2],
    ["cli", 1.2],
    ["cli", 1.2],
  ]);
  const scaleFigures = Object.keys(scale?.figures ?? {});
  for (const pattern of [
    /^chain: peak rss growth per step, first run$/,
    /^fan: peak rss growth per step, first run$/,
    /^history: 10 runs of a 100-step chain: rss after 10 runs \(1000 steps\), after gc$/,
    /^history: .*: heapUsed change per 1 000 steps, from run 1 to run 10$/,
  ]) {
    expect(scaleFigures, String(pattern)).toContainEqual(expect.stringMatching(pattern));
  }
  for (const result of report.results) {
    expect(result.rows.length + Object.keys(result.figures ?? {}).length, result.suite).toBeGreaterThan(0);
    for (const row of result.rows) {
      expect(Number.isFinite(row.opsPerSecond) && row.opsPerSecond > 0, `${result.suite}: ${row.name}`).toBe(true);
      expect(Number.isFinite(row.p50Ms) && Number.isFinite(row.p99Ms), `${result.suite}: ${row.name}`).toBe(true);
    }
    expect(Object.keys(result.ratios).length + (result.checks?.length ?? 0), result.suite).toBeGreaterThan(0);
    for (const check of result.checks ?? []) {
      expect(
        Number.isFinite(check.ratio) && check.ratio > 0 && check.atMost > 0,
        `${result.suite}: ${check.name}`,
      ).toBe(true);
    }
    for (const [name, value] of Object.entries(result.ratios)) {
      expect(Number.isFinite(value) && value > 0, `${result.suite}: ${name} = ${value}`).toBe(true);
    }
    for (const [name, { value, unit }] of Object.entries(result.figures ?? {})) {
      // A change (of memory, over a history of runs) may be down as well as up.
      const inRange = Number.isFinite(value) && (value >= 0 || name.includes(" change "));
      expect(inRange && unit !== "", `${result.suite}: ${name} = ${value} ${unit}`).toBe(true);
    }
    expect(Number.isFinite(result.load1m.before) && Number.isFinite(result.load1m.after), result.suite).toBe(true);
  }
  // What the readable table prints as well.
  expect(run.stdout).toMatch(/e\/b \(word-count run vs raw round trip\) = \d/);
  expect(run.stdout).toMatch(/e: CPU per call: \d[\d.]* µs/);
  expect(run.stdout).toMatch(/load average \(1 min\): \d[\d.]* before, \d[\d.]* after/);
  expect(run.stdout).toMatch(/machine: /);
  expect(run.stdout).toMatch(/chain\/calls \(.*\) = \d[\d.]*× \(target ≤ 2×: (met|NOT met)\)/);
});
