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
  }[];
}

test("a quick pass of every suite runs and reports every row and ratio", { timeout: 180_000 }, () => {
  const json = join(mkdtempSync(join(tmpdir(), "wf-bench-")), "results.json");
  const run = spawnSync(process.execPath, [join(root, "dist/bench/index.js"), "--quick", "--json", json], {
    cwd: root,
    encoding: "utf8",
  });
  expect(run.stderr).toContain("a quick pass");
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(readFileSync(json, "utf8")) as Report;
  expect(report.quick).toBe(true);
  expect(report.results.map((r) => r.suite)).toEqual(["task", "flow", "cold-start", "scaling"]);
  const rowsOf = (suite: string) => report.results.find((r) => r.suite === suite)?.rows.map((r) => r.name[0]) ?? [];
  // The baselines and what they bound, by the letter each row starts with.
  expect(rowsOf("task")).toEqual(["a", "b", "b", "c", "c", "d", "d", "e", "e", "f"]);
  expect(report.results.find((r) => r.suite === "scaling")?.rows.map((r) => r.name)).toContainEqual(
    expect.stringMatching(/^size 1 MiB/),
  );
  for (const result of report.results) {
    expect(result.rows.length).toBeGreaterThan(0);
    for (const row of result.rows) {
      expect(Number.isFinite(row.opsPerSecond) && row.opsPerSecond > 0, `${result.suite}: ${row.name}`).toBe(true);
    }
    expect(Object.keys(result.ratios).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(result.ratios)) {
      expect(Number.isFinite(value) && value > 0, `${result.suite}: ${name} = ${value}`).toBe(true);
    }
  }
  // What the readable table prints as well.
  expect(run.stdout).toMatch(/e\/b \(word-count run vs raw round trip\) = \d/);
  expect(run.stdout).toMatch(/machine: /);
});
