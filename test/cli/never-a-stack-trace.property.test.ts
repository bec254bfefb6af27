import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { type ChildOutput, childOutput } from "../helpers/child-output.js";
import { cliPath } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";

// Whatever a user types and whatever files they point at, a wasmflow command ends on its own
// terms: exit code 0, 1 or 2; with --json exactly one JSON document on stdout; never a stack
// trace. Random argument vectors over every command, with hostile files among the arguments.

const repository = fileURLToPath(new URL("../..", import.meta.url));
const project = tempProject("wf-cli-fuzz-");
const files: Record<string, string> = {};

function run(args: readonly string[]): Promise<ChildOutput> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: project.root,
    env: { ...process.env, NO_COLOR: "1", WASMFLOW_HOME: project.home },
    stdio: ["ignore", "pipe", "pipe"],
    // A command that hangs fails the property: it shows as killed.
    timeout: 20_000,
    killSignal: "SIGKILL",
  });
  return childOutput(child);
}

beforeAll(async () => {
  cpSync(`${repository}/tasks`, `${project.root}/tasks`, { recursive: true });
  cpSync(`${repository}/flows`, `${project.root}/flows`, { recursive: true });
  cpSync(`${repository}/build/tasks`, `${project.root}/build/tasks`, { recursive: true });
  cpSync(`${repository}/schemas`, `${project.root}/schemas`, { recursive: true });
  const add = await run(["task", "add"]);
  expect(add.code, add.stderr).toBe(0);
  const flows = await run(["flow", "add", "flows/triage-text.flow.json", "flows/score-text.flow.json"]);
  expect(flows.code, flows.stderr).toBe(0);
  files.empty = project.write("hostile/empty.json", "");
  files.binary = project.write("hostile/binary.json", randomBytes(4096));
  files.deep = project.write("hostile/deep.json", `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
  files.deepObject = project.write("hostile/deep-object.json", `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`);
  files.notJson = project.write("hostile/text.json", "this is not json");
  files.proto = project.write("hostile/proto.json", '{"__proto__": {"polluted": true}, "text": "x"}');
  files.wasmGarbage = project.write("hostile/garbage.wasm", randomBytes(1024));
  files.taskDefinition = project.write(
    "hostile/bad.task.json",
    JSON.stringify({ name: "Bad Name", abi: "nope", module: "../../../etc/passwd", input: { x: "list<" } }),
  );
  files.flowDefinition = project.write(
    "hostile/bad.flow.json",
    JSON.stringify({ name: "f", steps: [{ id: "a", task: "word-count", input: { text: "((((" }, after: ["a"] }] }),
  );
  mkdirSync(`${project.root}/hostile/dir.json`, { recursive: true });
  files.directory = `${project.root}/hostile/dir.json`;
  files.missing = `${project.root}/hostile/missing.json`;
  files.fifo = `${project.root}/hostile/fifo.json`;
  expect(spawnSync("mkfifo", [files.fifo]).status).toBe(0);
  writeFileSync(`${project.root}/hostile/huge.json`, `"${"x".repeat(5_000_000)}"`);
  files.huge = `${project.root}/hostile/huge.json`;
}, 120_000);

const commands = [
  ["task", "add"],
  ["task", "list"],
  ["task", "show"],
  ["task", "rm"],
  ["task", "inspect"],
  ["task", "run"],
  ["flow", "add"],
  ["flow", "validate"],
  ["flow", "inspect"],
  ["flow", "list"],
  ["flow", "show"],
  ["flow", "run"],
  ["runs", "list"],
  ["runs", "show"],
  ["runs", "resume"],
  ["runs", "cancel"],
  ["nonsense"],
  [],
];

const word = fc.oneof(
  fc.constantFrom("word-count", "word-count@1", "word-count@999", "triage-text", "score@0", "add", "x@@1", "", " "),
  fc.string({ maxLength: 12 }),
);
const hostileFile = fc.constantFrom(
  "empty",
  "binary",
  "deep",
  "deepObject",
  "notJson",
  "proto",
  "wasmGarbage",
  "taskDefinition",
  "flowDefinition",
  "directory",
  "missing",
  "huge",
  "fifo",
);
const option = fc.oneof(
  fc.tuple(fc.constantFrom("--input"), fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 20 }))),
  fc.tuple(
    fc.constantFrom("--input-file"),
    hostileFile.map((name) => files[name] as string),
  ),
  fc.tuple(
    fc.constantFrom("--timeout", "--seed", "--wait", "--paths"),
    fc.oneof(fc.integer().map(String), fc.string({ maxLength: 6 })),
  ),
  fc.tuple(fc.constantFrom("--status", "--flow", "--idempotency-key"), fc.string({ maxLength: 10 })),
  fc.constantFrom(["--json"], ["--verbose"], ["--no-such-flag"], ["-x"]),
);
const argv = fc
  .tuple(
    fc.constantFrom(...commands),
    fc.array(
      fc.oneof(
        word,
        hostileFile.map((name) => files[name] as string),
      ),
      { maxLength: 3 },
    ),
    fc.array(option, { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([command, positionals, options, json]) => [
    ...command,
    ...positionals,
    ...options.flat(),
    ...(json ? ["--json"] : []),
  ]);

const stackLine = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

test("random commands over hostile files end with 0, 1 or 2, one JSON document with --json, and no stack trace", async () => {
  await fc.assert(
    fc.asyncProperty(argv, async (args) => {
      const result = await run(args);
      expect(result.signal, `${JSON.stringify(args)} was killed: ${result.stderr}`).toBeNull();
      expect([0, 1, 2], `${JSON.stringify(args)} exited ${result.code}: ${result.stderr}`).toContain(result.code);
      expect(result.stderr, `${JSON.stringify(args)} printed a stack trace`).not.toMatch(stackLine);
      expect(result.stdout, `${JSON.stringify(args)} printed a stack trace`).not.toMatch(stackLine);
      if (args.includes("--json") && !args.includes("--help") && result.stdout.trim() !== "") {
        expect(
          () => JSON.parse(result.stdout),
          `${JSON.stringify(args)}: stdout is not one JSON document`,
        ).not.toThrow();
      }
    }),
    { numRuns: 60, interruptAfterTimeLimit: 90_000 },
  );
}, 180_000);
