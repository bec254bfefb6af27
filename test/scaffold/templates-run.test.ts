import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { cli } from "../helpers/cli.js";
import { outsideEnv } from "../helpers/outside-env.js";
import { tempProject } from "../helpers/project.js";

// Each template's own scripts, `npm start`, `npm test` and `npm run typecheck`, run in a scaffold
// whose node_modules links this checkout's wasmflow, vitest and TypeScript in place of an install,
// so every template is shown to build, register and run without a two-minute install; so is the
// README's walk-through from a new project. The same from the packed tarball, with a real
// install, is test/package/installed-package.test.ts.

const repository = fileURLToPath(new URL("../..", import.meta.url));

function linkInstall(root: string): void {
  const modules = join(root, "node_modules");
  mkdirSync(join(modules, ".bin"), { recursive: true });
  mkdirSync(join(modules, "@types"));
  symlinkSync(repository, join(modules, "wasmflow"), "dir");
  for (const name of ["vitest", "typescript", "@types/node"]) {
    symlinkSync(join(repository, "node_modules", name), join(modules, name), "dir");
  }
  symlinkSync(join(repository, "dist", "bundle", "cli.mjs"), join(modules, ".bin", "wasmflow"));
  for (const bin of ["vitest", "tsc"])
    symlinkSync(join(repository, "node_modules", ".bin", bin), join(modules, ".bin", bin));
}

function npm(args: readonly string[], cwd: string) {
  return spawnSync("npm", args, { cwd, encoding: "utf8", env: outsideEnv(), timeout: 120_000 });
}

test.each([
  ["sdk", "text-stats", { words: 10, vowels: 19 }],
  ["plain", "sum-of-three", { sum: 42 }],
])(
  "the %s template's npm start runs %s, its npm test passes and its test type-checks",
  { timeout: 240_000 },
  (template, flow, output) => {
    const { root } = tempProject(`wf-template-${template}-`);
    expect(cli(["init", "--template", template], { cwd: root }).code).toBe(0);
    linkInstall(root);

    const start = npm(["start"], root);
    expect(start.status, start.stderr).toBe(0);
    expect(start.stdout).toMatch(new RegExp(`^run \\S+ +${flow}@1 v1\\.0\\.0 +succeeded$`, "m"));
    expect(start.stdout).toContain(`output  ${JSON.stringify(output)}`);

    const tested = npm(["test"], root);
    expect(tested.status, `${tested.stdout}\n${tested.stderr}`).toBe(0);
    expect(tested.stdout).toMatch(/Tests +3 passed \(3\)/);

    const typecheck = npm(["run", "typecheck"], root);
    expect(typecheck.status, typecheck.stdout).toBe(0);
  },
);

/** The code blocks of the README's "Start a project" section, by language. */
function walkThrough(language: string): string[] {
  const readme = readFileSync(join(repository, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Start a project"), readme.indexOf("## A task in fifteen lines"));
  return [...section.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] ?? "");
}

test("the README's Start a project walk-through builds, registers and runs its task and flow", {
  timeout: 240_000,
}, () => {
  const { root } = tempProject("wf-walk-through-");
  expect(cli(["init"], { cwd: root }).code).toBe(0);
  linkInstall(root);
  const [task, flow] = walkThrough("json");
  const [source] = walkThrough("ts");
  mkdirSync(join(root, "tasks", "shout"));
  writeFileSync(join(root, "tasks", "shout", "shout.task.json"), task ?? "");
  writeFileSync(join(root, "tasks", "shout", "index.ts"), source ?? "");
  writeFileSync(join(root, "flows", "loud-count.flow.json"), flow ?? "");

  // The commands as the README gives them, each with --json to read its answer.
  const commands = walkThrough("sh")
    .flatMap((block) => block.split("\n"))
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line.startsWith("npx wasmflow "));
  const answers = commands.map((line) => {
    const shell = spawnSync("sh", ["-c", `${line} --json`], { cwd: root, encoding: "utf8", env: outsideEnv() });
    expect(shell.status, `${line}\n${shell.stdout}${shell.stderr}`).toBe(0);
    return JSON.parse(shell.stdout) as Record<string, unknown>;
  });
  expect(commands.map((line) => line.split(" ").slice(2, 4).join(" "))).toEqual([
    "build",
    "task add",
    "task run",
    "flow add",
    "flow run",
  ]);
  expect(answers[2]?.output).toEqual({ text: "HELLO SANDBOX", chars: 13 });
  expect(answers[4]).toMatchObject({ run: { status: "succeeded", output: { text: "HELLO SANDBOX", words: 2 } } });
});
