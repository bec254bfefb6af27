import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateComponentWit } from "../../runtime/build/codegen/index.js";
import { displayPath } from "../../runtime/build/diagnostics.js";
import {
  buildJavaScriptComponent,
  type JavaScriptComponentOutcome,
  type JavaScriptComponentRequest,
} from "../../runtime/build/javascript/index.js";
import { TaskRunner, WorkerPool } from "../../runtime/sandbox/index.js";
import { Store } from "../../runtime/store/index.js";
import { parseTaskDefinition, type TaskDefinition, TaskRegistry } from "../../runtime/tasks/index.js";

// Real componentize-js builds take seconds each: this file builds two components (the title-case
// example and a TypeScript task that also throws and loops on request) and one that fails while
// the engine initialises; every other case fails before componentize-js runs, or hits the cache.

const repo = fileURLToPath(new URL("../../", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "wf-js-build-"));
// componentize-js's work folders go under the build's own temporary folder: this one must end empty.
const temporaries = mkdtempSync(join(tmpdir(), "wf-js-tmp-"));
process.env.TMPDIR = temporaries;

/** A hand-written WIT of the shape the definition's types generate: world `task`, `run`, typedefs in the world. */
const titleWit = `package wasmflow:task@0.1.0;

world task {
  record output { title: string, words: u32 }
  export run: func(input: string) -> output;
}
`;

function request(source: string, fields: Partial<JavaScriptComponentRequest> = {}): JavaScriptComponentRequest {
  return {
    root,
    source: join(root, source),
    language: "javascript",
    witSource: titleWit,
    world: "task",
    display: (path) => displayPath(root, path),
    ...fields,
  };
}

function write(path: string, text: string): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
}

function builtBinary(outcome: JavaScriptComponentOutcome): Uint8Array {
  if (!outcome.ok) throw new Error(`build failed: ${JSON.stringify(outcome.issues)}`);
  return outcome.binary;
}

const store = Store.open({ home: ":memory:" });
const registry = new TaskRegistry(store);
const pool = new WorkerPool({ threads: 1 });
const runner = new TaskRunner(pool);

/** Registers `bytes` under `definition` as `wasmflow task add` does (WIT checked, transpiled), then makes it runnable. */
async function register(definition: TaskDefinition, bytes: Uint8Array) {
  registry.commit([await registry.prepareAsync(definition, bytes)]);
  const moduleHash = createHash("sha256").update(bytes).digest("hex");
  return { name: definition.name, revision: 1, definition, moduleHash, moduleBytes: () => bytes };
}

const titleDefinitionText = readFileSync(join(repo, "tasks/title-case/title-case.task.json"), "utf8");
let titleCase: Uint8Array;
let titleCaseMs: number;

beforeAll(async () => {
  cpSync(join(repo, "tasks/title-case"), join(root, "tasks/title-case"), { recursive: true });
  const started = performance.now();
  titleCase = builtBinary(await buildJavaScriptComponent(request("tasks/title-case/index.js")));
  titleCaseMs = performance.now() - started;
}, 300_000);

afterAll(async () => {
  await pool.close();
  store.close();
  // The project holds a 12 MB component in its cache.
  rmSync(root, { recursive: true, force: true });
  rmSync(temporaries, { recursive: true, force: true });
});

describe("a JavaScript task built with componentize-js", () => {
  test("the title-case example builds, registers against its definition and runs", async () => {
    expect(titleCase.byteLength).toBeLessThan(16 * 1024 * 1024);
    const task = await register(parseTaskDefinition(JSON.parse(titleDefinitionText)), titleCase);
    await expect(runner.run(task, "hello wide world")).resolves.toMatchObject({
      output: { title: "Hello Wide World", words: 3 },
    });
    await expect(runner.run(task, "  «élan» vital ΟΔΥΣΣΕΙΑ ßtraße")).resolves.toMatchObject({
      output: { title: "  «Élan» Vital Οδυσσεια Sstraße", words: 4 },
    });
  });

  test("an unchanged task comes from the cache: fast, and the same bytes", async () => {
    const started = performance.now();
    const again = builtBinary(await buildJavaScriptComponent(request("tasks/title-case/index.js")));
    const elapsed = performance.now() - started;
    expect(Buffer.from(again).equals(Buffer.from(titleCase))).toBe(true);
    expect(elapsed).toBeLessThan(Math.min(2_000, titleCaseMs / 4));
  });

  test("a syntax error is a COMPILE_ERROR naming file, line and column, before componentize-js runs", async () => {
    write("tasks/broken/index.js", "export function run(input) {\n  return { title: input, words: 1 ;\n}\n");
    const outcome = await buildJavaScriptComponent(request("tasks/broken/index.js"));
    expect(outcome).toMatchObject({
      ok: false,
      issues: [{ code: "COMPILE_ERROR", path: "tasks/broken/index.js:2:35" }],
    });
  });

  test("a source without the world's export is a COMPILE_ERROR", async () => {
    write("tasks/no-run/index.js", "export function walk(input) { return input; }\n");
    const outcome = await buildJavaScriptComponent(request("tasks/no-run/index.js"));
    expect(outcome).toMatchObject({
      ok: false,
      issues: [{ code: "COMPILE_ERROR", path: "tasks/no-run/index.js", expected: "export function run" }],
    });
  });

  test("a WIT componentize-js refuses is a COMPILE_ERROR", async () => {
    const wrongWit = titleWit.replace("u32 }", "u33 }");
    const outcome = await buildJavaScriptComponent(request("tasks/title-case/index.js", { witSource: wrongWit }), {
      cacheFolder: null,
    });
    expect(outcome).toMatchObject({
      ok: false,
      issues: [{ code: "COMPILE_ERROR", path: "tasks/title-case/index.js" }],
    });
    if (!outcome.ok) expect(outcome.issues[0]?.message).toContain("u33");
  });

  test("top-level code that throws while the engine initialises names its line in the task's file", async () => {
    write("tasks/init-throws/helper.js", "export const ready = true;\n\nthrow new Error('not configured');\n");
    write(
      "tasks/init-throws/index.js",
      "import { ready } from './helper.js';\nexport function run(input) { return { title: input, words: ready ? 1 : 0 }; }\n",
    );
    const outcome = await buildJavaScriptComponent(request("tasks/init-throws/index.js"), { cacheFolder: null });
    expect(outcome).toMatchObject({
      ok: false,
      issues: [{ code: "COMPILE_ERROR", path: "tasks/init-throws/helper.js:3:7" }],
    });
    if (!outcome.ok) expect(outcome.issues[0]?.message).toContain("not configured");
    expect(readdirSync(temporaries)).toEqual([]);
  }, 120_000);
});

describe("a TypeScript task built with componentize-js", () => {
  const definition = parseTaskDefinition({
    name: "repeat",
    abi: "component",
    language: "typescript",
    source: "index.ts",
    module: "repeat.wasm",
    export: "run",
    input: { text: "string", times: "u32" },
    output: "list<string>",
    limits: { maxMemoryPages: 256, timeoutMs: 1_500 },
  });
  // The WIT `wasmflow build` gives a JavaScript task: its result `result<list<string>, string>`.
  const wit = generateComponentWit({ ...definition, exportName: "run", failsWithMessage: true }).text;
  let task: Awaited<ReturnType<typeof register>>;

  beforeAll(async () => {
    write(
      "tasks/repeat/words.ts",
      "export const wordsOf = (text: string): string[] => text.split(/\\s+/u).filter(Boolean);\n",
    );
    write(
      "tasks/repeat/index.ts",
      [
        "import { wordsOf } from './words.ts';",
        "interface Request { text: string; times: number }",
        "export function run(input: Request): string[] {",
        "  if (input.text === 'throw') throw new RangeError('asked to throw');",
        "  if (input.text === 'throw a number') throw 42;",
        "  if (input.text === 'loop') for (;;) {}",
        "  return wordsOf(input.text).map((word: string) => word.repeat(input.times));",
        "}",
        "",
      ].join("\n"),
    );
    const outcome = await buildJavaScriptComponent(
      request("tasks/repeat/index.ts", { language: "typescript", witSource: wit }),
    );
    task = await register(definition, builtBinary(outcome));
  }, 300_000);

  test("it builds, registers and runs; record fields arrive as properties", async () => {
    await expect(runner.run(task, { text: "ab c", times: 2 })).resolves.toMatchObject({ output: ["abab", "cc"] });
  });

  test("a throw fails the call with its message, an endless loop is a TIMEOUT; the pool serves afterwards", async () => {
    const failed = { code: "TASK_FAILED", message: "the component returned err: RangeError: asked to throw" };
    await expect(runner.run(task, { text: "throw", times: 1 })).rejects.toMatchObject(failed);
    await expect(runner.run(task, { text: "throw a number", times: 1 })).rejects.toMatchObject({
      code: "TASK_FAILED",
      details: { payload: "42" },
    });
    await expect(runner.run(task, { text: "x", times: 3 })).resolves.toMatchObject({ output: ["xxx"] });
    await expect(runner.run(task, { text: "loop", times: 1 })).rejects.toMatchObject({ code: "TIMEOUT" });
    await expect(runner.run(task, { text: "y z", times: 1 })).resolves.toMatchObject({ output: ["y", "z"] });
  });
});
