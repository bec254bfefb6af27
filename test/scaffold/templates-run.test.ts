import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";

// Each template's own scripts, `npm start` and `npm test`, run in a scaffold whose node_modules
// links this checkout's wasmflow and vitest in place of an install, so every template is shown to
// build, register and run here in seconds. The same from the packed tarball, with a real install,
// is test/package/installed-package.test.ts.

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
  const { CI: _ci, ...env } = process.env;
  return spawnSync("npm", args, { cwd, encoding: "utf8", env: { ...env, NO_COLOR: "1" }, timeout: 120_000 });
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
