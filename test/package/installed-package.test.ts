import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { outsideEnv } from "../helpers/outside-env.js";

// wasmflow as a new user meets it: this repository packed with `npm pack` (as it would be
// published), installed into an empty project, `npx wasmflow init` there, then the scaffold's own
// `npm install`, `npm start` and `npm test`. Nothing of this repository is used but the tarball.
// The install compiles better-sqlite3 from source where its prebuilt binary cannot be downloaded
// (about 1.5 minutes on 2 cores); npm's cache is the user's own, shared between runs.

const repository = fileURLToPath(new URL("../..", import.meta.url));
const minutes = 60_000;
const work = mkdtempSync(join(tmpdir(), "wf-installed-"));
const project = join(work, "project");
const timings: Record<string, number> = {};
let tarball = "";

function run(step: string, command: string, args: readonly string[], cwd: string, timeoutMs = 5 * minutes) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: outsideEnv(), timeout: timeoutMs });
  timings[step] = Math.round(performance.now() - started);
  return result;
}

function shown(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status} ${result.signal ?? ""}\n${result.stdout}\n${result.stderr}`;
}

beforeAll(() => {
  const pack = run("npm pack", "npm", ["pack", "--pack-destination", work], repository);
  expect(pack.status, shown(pack)).toBe(0);
  // The `prepare` script prints before npm names the tarball, on the last line.
  tarball = join(work, pack.stdout.trim().split("\n").at(-1) ?? "");
  expect(existsSync(tarball), tarball).toBe(true);

  mkdirSync(project);
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "new-project", private: true }, null, 2)}\n`);
  const install = run("npm install <tarball>", "npm", ["install", tarball], project, 20 * minutes);
  expect(install.status, shown(install)).toBe(0);
}, 30 * minutes);

// The project's node_modules take about 220 MB.
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("the tarball ships what runs, a LICENSE and the patched expression library, and no bench or scripts", () => {
  const list = spawnSync("tar", ["tzf", tarball], { encoding: "utf8" });
  const files = list.stdout.split("\n").map((line) => line.replace(/^package\//, ""));
  expect(files).toEqual(
    expect.arrayContaining([
      "LICENSE",
      "README.md",
      "dist/bundle/cli.mjs",
      "dist/bundle/worker.cjs",
      "dist/runtime/index.d.ts",
      "guest-sdk/index.ts",
      "schemas/task-definition.schema.json",
      "templates/common/gitignore",
      "templates/sdk/package.json",
      "templates/plain/package.json",
      "node_modules/@marcbachmann/cel-js/package.json",
    ]),
  );
  expect(files.filter((file) => /^dist\/(bench|scripts)\//.test(file))).toEqual([]);
  expect(files.filter((file) => /^(test|bench|runtime|scripts|patches)\//.test(file))).toEqual([]);

  const installed = join(project, "node_modules", "wasmflow");
  expect(readFileSync(join(installed, "LICENSE"), "utf8")).toMatch(
    /^MIT License\n\nCopyright \(c\) 2026 the wasmflow authors\n/,
  );
  // A function the patch adds: the bundled copy carries the fixes.
  const celFunctions = join(installed, "node_modules", "@marcbachmann", "cel-js", "lib", "functions.js");
  expect(readFileSync(celFunctions, "utf8")).toContain("export function mapKey(");
});

test("the installed CLI offers no bench, and says where the suites are", () => {
  const help = run("wasmflow --help", "npx", ["--no", "--", "wasmflow", "--help"], project);
  expect(help.status, shown(help)).toBe(0);
  expect(help.stdout).toMatch(/^ {2}init \[options\] \[dir\]/m);
  expect(help.stdout).not.toMatch(/^ {2}bench\b/m);
  const bench = run("wasmflow bench", "npx", ["--no", "--", "wasmflow", "bench"], project);
  expect(bench.status, shown(bench)).toBe(2);
  expect(bench.stderr).toContain(
    "the benchmark suites are part of the wasmflow repository, not of the installed package",
  );
});

test("npx wasmflow init, then the scaffold's npm install, npm start and npm test; its types check without skipLibCheck", {
  timeout: 30 * minutes,
}, () => {
  const init = run("wasmflow init", "npx", ["--no", "--", "wasmflow", "init"], project);
  expect(init.status, shown(init)).toBe(0);
  expect(init.stdout).toContain("~ package.json updated");
  const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
  // The tarball npm installed stays the project's wasmflow.
  expect(manifest.dependencies.wasmflow).toMatch(/^file:.*wasmflow-\d+\.\d+\.\d+\.tgz$/);
  expect(manifest.allowScripts).toMatchObject({ "better-sqlite3": true, "msgpackr-extract": true, wasmflow: true });

  const install = run("npm install (scaffold)", "npm", ["install"], project, 10 * minutes);
  expect(install.status, shown(install)).toBe(0);
  // Every install script in the project's tree is approved.
  expect(`${install.stdout}${install.stderr}`).not.toContain("not yet covered by allowScripts");

  const start = run("npm start", "npm", ["start"], project);
  expect(start.status, shown(start)).toBe(0);
  expect(start.stdout).toMatch(/^run \S+ +text-stats@1 v1\.0\.0 +succeeded$/m);
  expect(start.stdout).toContain('output  {"words":10,"vowels":19}');
  expect(existsSync(join(project, ".wasmflow", "wasmflow.db"))).toBe(true);

  const tested = run("npm test", "npm", ["test"], project);
  expect(tested.status, shown(tested)).toBe(0);
  expect(tested.stdout).toMatch(/Tests +3 passed \(3\)/);

  // better-sqlite3 has no types of its own and the project installs none: a declaration of
  // wasmflow that named better-sqlite3 would fail here with TS7016.
  expect(existsSync(join(project, "node_modules", "@types", "better-sqlite3"))).toBe(false);
  const types = run("tsc", "npx", ["--no", "--", "tsc", "-p", ".", "--noEmit", "--skipLibCheck", "false"], project);
  expect(types.status, shown(types)).toBe(0);
  expect(types.stdout).not.toContain("TS7016");

  const total = Object.values(timings).reduce((sum, ms) => sum + ms, 0);
  console.log(
    `installed package, ${Math.round(total / 1000)} s: ${Object.entries(timings)
      .map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
      .join(", ")}`,
  );
});
