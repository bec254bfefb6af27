import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findTaskDefinitionFiles, loadTaskDefinition, resolveModulePath } from "../../runtime/tasks/index.js";
import { inspectModule } from "../../runtime/wasm/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { newBench, rowOf, type SuiteContext, type SuiteResult } from "../suite.js";

const processRuns = 10;

/**
 * What it costs to start, in one run:
 * (i) `wasmflow task run add` as a whole process, against a bare `node -e 0` (the floor) and
 *     `wasmflow --version` (loading the CLI without opening a store or starting a worker);
 * (ii) registering word-count (~10 KiB): `WebAssembly.validate` of its bytes (the floor),
 *     `inspectModule` alone, `prepare` (inspect + check against the definition + hashes), and
 *     prepare + commit, both as a new revision in an open in-memory store and into a freshly
 *     opened one. Figures are per operation.
 */
export async function coldStart(context: SuiteContext): Promise<SuiteResult> {
  const { root, home } = context;
  const cliHome = join(home, "cold-start");
  const setup = Wasmflow.open({ home: cliHome, root });
  try {
    await setup.addTasks(await findTaskDefinitionFiles(root));
  } finally {
    await setup.close();
  }
  const cli = join(root, "dist/bundle/cli.mjs");
  const spawn = (args: readonly string[], expected?: string) => () => {
    const done = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (done.status !== 0) throw new Error(`node ${args.join(" ")} exited ${done.status}: ${done.stderr}`);
    if (expected !== undefined && done.stdout.trim() !== expected) {
      throw new Error(`node ${args.join(" ")} printed ${JSON.stringify(done.stdout)}, expected ${expected}`);
    }
  };
  const processes = newBench(context, {
    time: 0,
    iterations: processRuns,
    warmupTime: 0,
    warmupIterations: 1,
  });
  processes.add("node: bare start (node -e 0)", spawn(["-e", "0"]));
  processes.add("cli: wasmflow --version (load the CLI)", spawn([cli, "--version"]));
  processes.add(
    "run: wasmflow task run add (whole process)",
    spawn([cli, "task", "run", "add", "--input", '{"a":1,"b":2}', "--home", cliHome, "--root", root], "3"),
  );
  await processes.run();

  const loaded = await loadTaskDefinition(join(root, "tasks/word-count/word-count.task.json"));
  const bytes = new Uint8Array(readFileSync(await resolveModulePath(loaded.dir, loaded.definition.module, root)));
  const definition = loaded.definition;
  const store = Wasmflow.open({ home: ":memory:", root });
  let revision = 0;
  const registration = newBench(context, { time: 1000, warmupTime: 200 });
  registration.add("validate: WebAssembly.validate", () => {
    if (!WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) throw new Error("word-count.wasm is invalid");
  });
  registration.add("inspect: inspectModule", () => inspectModule(bytes));
  registration.add("prepare: inspect + check + hashes", () => store.tasks.prepare(definition, bytes));
  registration.add("register: prepare + commit, new revision in an open store", () => {
    // A new description makes a new revision, so every commit really inserts a row (the module
    // itself is stored once per hash, as always).
    revision += 1;
    const changed = { ...definition, description: `${definition.description} (${revision})` };
    const [result] = store.tasks.commit([store.tasks.prepare(changed, bytes)]);
    if (result?.status !== "created") throw new Error(`registration ${revision} was ${result?.status}`);
  });
  registration.add("register-fresh: open :memory: store + prepare + commit + close", async () => {
    const fresh = Wasmflow.open({ home: ":memory:", root });
    try {
      const [result] = fresh.tasks.commit([fresh.tasks.prepare(definition, bytes)]);
      if (result?.status !== "created") throw new Error(`registration was ${result?.status}`);
    } finally {
      await fresh.close();
    }
  });
  try {
    await registration.run();
  } finally {
    await store.close();
  }

  const rows = [...processes.tasks, ...registration.tasks].map((task) => rowOf(task));
  const ops = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.opsPerSecond ?? Number.NaN;
  const ms = (prefix: string) => 1000 / ops(prefix);
  const fixed = (value: number) => value.toFixed(value < 1 ? 3 : 1);
  return {
    suite: "cold-start",
    note:
      `per operation (ms = 1000 / ops/s); processes: ${processes.tasks[0]?.runs ?? 0} spawnSync runs each after 1 warm-up run, ` +
      `bare node ${fixed(ms("node:"))} ms, --version ${fixed(ms("cli:"))} ms, task run ${fixed(ms("run:"))} ms; ` +
      `registration of word-count (${(bytes.byteLength / 1024).toFixed(1)} KiB): validate ${fixed(ms("validate:"))} ms, ` +
      `inspect ${fixed(ms("inspect:"))} ms, prepare ${fixed(ms("prepare:"))} ms, register ${fixed(ms("register:"))} ms, ` +
      `register-fresh ${fixed(ms("register-fresh:"))} ms; ratios are of times (higher = slower)`,
    rows,
    ratios: {
      "run/node (task run process vs bare node start)": ms("run:") / ms("node:"),
      "cli/node (loading the CLI vs bare node start)": ms("cli:") / ms("node:"),
      "inspect/validate": ms("inspect:") / ms("validate:"),
      "prepare/validate": ms("prepare:") / ms("validate:"),
      "register/validate": ms("register:") / ms("validate:"),
      "register-fresh/register (opening a store)": ms("register-fresh:") / ms("register:"),
    },
  };
}
