import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { transform } from "esbuild";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { buildTasks } from "../../runtime/build/index.js";
import { parseFlowDefinition } from "../../runtime/flows/index.js";
import { projectConfigSchema } from "../../runtime/project/index.js";
import { parseTaskDefinition } from "../../runtime/tasks/index.js";
import { cli } from "../helpers/cli.js";
import { isGuestSource, readmeBlocks } from "./readme-blocks.js";

// Every code block of the README is checked as what it claims to be: definitions parse, task
// sources compile with AssemblyScript, library examples type-check against the public API and
// run against the built runtime, and every `wasmflow` command shown exists.

const repo = fileURLToPath(new URL("../../", import.meta.url));
const blocks = readmeBlocks();
const at = (block: { line: number }) => `README.md:${block.line}`;

describe("JSON blocks are valid definitions of what they are", () => {
  const json = blocks.filter((b) => b.lang === "json");
  test.each(json.map((b) => [at(b), b] as const))("%s", (_, block) => {
    const value = JSON.parse(block.code) as Record<string, unknown>;
    const schema = typeof value.$schema === "string" ? value.$schema : "";
    if (schema.includes("task-definition") || "abi" in value) parseTaskDefinition(value);
    else if (schema.includes("flow-definition") || "steps" in value) parseFlowDefinition(value);
    else if (schema.includes("project-config")) projectConfigSchema.parse(value);
    else expect.unreachable(`${at(block)}: a JSON block of unknown kind`);
  });
});

describe("task sources compile with AssemblyScript, against their definition above them", () => {
  const sources = blocks.filter(isGuestSource);
  test.each(sources.map((b) => [at(b), b] as const))("%s", { timeout: 120_000 }, async (_, block) => {
    // The source is the README's task: its definition is the JSON block just before it.
    const definition = [...blocks].reverse().find((b) => b.lang === "json" && b.line < block.line);
    expect(definition, `${at(block)}: no definition above it`).toBeDefined();
    const root = mkdtempSync(join(tmpdir(), "wf-readme-task-"));
    const name = (JSON.parse(definition?.code ?? "{}") as { name: string }).name;
    cpSync(join(repo, "asconfig.json"), join(root, "asconfig.json"));
    const dir = join(root, "tasks", name);
    cpSync(join(repo, "tasks", "tsconfig.json"), join(root, "tasks", "tsconfig.json"));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.task.json`), definition?.code ?? "");
    writeFileSync(join(dir, "index.ts"), block.code);
    const result = await buildTasks({ root, names: [name] });
    expect(result.modules.map((m) => m.tasks)).toEqual([[name]]);
  });
});

const librarySnippets = blocks.filter((b) => b.lang === "ts" && !isGuestSource(b));

// Type-checks the whole public API under the examples: seconds, more on a busy machine.
test("library examples type-check against the public API, strictly", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "wf-readme-ts-"));
  const files = librarySnippets.map((block) => {
    const file = join(dir, `readme-${block.line}.ts`);
    writeFileSync(file, block.code);
    return file;
  });
  const program = ts.createProgram(files, {
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ["node"],
    typeRoots: [join(repo, "node_modules/@types")],
    baseUrl: repo,
    paths: {
      wasmflow: ["runtime/index.ts"],
      "wasmflow/client": ["runtime/client/index.ts"],
      "wasmflow/server": ["runtime/server/index.ts"],
    },
    skipLibCheck: true,
  });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && files.includes(d.file.fileName))
    .map((d) => {
      const { line } = d.file?.getLineAndCharacterOfPosition(d.start ?? 0) ?? { line: 0 };
      const block = Number(/readme-(\d+)\.ts$/.exec(d.file?.fileName ?? "")?.[1]);
      return `README.md:${block + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
  expect(librarySnippets.length).toBeGreaterThan(0);
  expect(problems).toEqual([]);
});

test("library examples run against the built runtime in a project with the example tasks", {
  timeout: 120_000,
}, async () => {
  const root = mkdtempSync(join(tmpdir(), "wf-readme-run-"));
  for (const part of ["tasks", "flows", "build"]) cpSync(join(repo, part), join(root, part), { recursive: true });
  const env = { WASMFLOW_HOME: "" };
  // The examples that only run tasks expect them registered, as the quick start leaves them.
  for (const args of [
    ["task", "add"],
    ["flow", "add"],
  ]) {
    const done = cli(args, { cwd: root, env });
    expect(done.code, done.stderr).toBe(0);
  }
  const built = (entry: string) => pathToFileURL(join(repo, "dist/runtime", entry)).href;
  for (const block of librarySnippets) {
    const { code } = await transform(block.code, { loader: "ts", format: "esm" });
    const file = join(root, `readme-${block.line}.mjs`);
    const linked = code
      .replaceAll('from "wasmflow"', `from "${built("index.js")}"`)
      .replaceAll('from "wasmflow/client"', `from "${built("client/index.js")}"`)
      .replaceAll('from "wasmflow/server"', `from "${built("server/index.js")}"`);
    writeFileSync(file, linked);
    const run = spawnSync(process.execPath, [file], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(run.status, `${at(block)}\n${run.stderr}`).toBe(0);
  }
});

test("every wasmflow command the README shows exists", async () => {
  const { createProgram } = await import("../../runtime/cli/program.js");
  const program = createProgram();
  const shown = blocks
    .filter((b) => b.lang === "sh" || b.lang === "")
    .flatMap((b) => b.code.split("\n"))
    .map((line) => /^(?:npx )?wasmflow ((?:[a-z]+)(?: [a-z]+)?)/.exec(line.trim())?.[1])
    .filter((words): words is string => words !== undefined);
  expect(shown.length).toBeGreaterThan(10);
  for (const words of new Set(shown)) {
    const [first, second] = words.split(" ");
    const command = program.commands.find((c) => c.name() === first);
    expect(command, `wasmflow ${words}`).toBeDefined();
    if (command !== undefined && command.commands.length > 0) {
      expect(
        command.commands.map((c) => c.name()),
        `wasmflow ${words}`,
      ).toContain(second);
    }
  }
});
