import { relative } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import type { InitResult } from "../../index.js";
import type { Output } from "../output.js";

export function registerInit(program: Command, output: (cmd: Command) => Output): void {
  program
    .command("init")
    .description("start a project: an example task, a flow, a test and the scripts that build and run them")
    .argument("[dir]", "the project folder, created if missing", ".")
    .option(
      "--template <name>",
      "sdk: an AssemblyScript task on the guest SDK, with typed records; plain: an export taking numbers",
      "sdk",
    )
    .option("--from <spec>", "where npm takes wasmflow from: a tarball or folder, or a version range (default: ^this)")
    .option("--force", "overwrite files, and package.json fields, that are already there")
    .exitOverride()
    .action(async (dir: string, options: { template: string; from?: string; force?: boolean }, cmd: Command) => {
      const out = output(cmd);
      const { initProject } = await import("../../index.js");
      const result = await initProject({
        dir,
        template: options.template,
        force: options.force === true,
        ...(options.from === undefined ? {} : { from: options.from }),
      });
      const next = nextSteps(result);
      out.result({ ...result, next: next.map(([command]) => command) }, () => render(result, next));
    });
}

/** The commands that take a new project from here to a flow run, each with what it does. */
function nextSteps(result: InitResult): [string, string][] {
  const where = relative(process.cwd(), result.dir);
  return [
    ...(where === "" ? [] : [[`cd ${/\s/.test(where) ? JSON.stringify(where) : where}`, ""] as [string, string]]),
    ["npm install", "installs wasmflow, vitest and TypeScript"],
    ["npm start", "builds the example task, registers it and the flow in .wasmflow/, runs the flow"],
    ["npm test", "runs the task and the flow through the library, with vitest"],
  ];
}

function render(result: InitResult, next: [string, string][]): string {
  const marks = { created: pc.green("+"), replaced: pc.yellow("!"), updated: pc.yellow("~"), unchanged: pc.dim("=") };
  const lines = [`wrote the ${result.template} template into ${result.dir}:`];
  for (const file of result.files) {
    const note = file.status === "created" ? "" : pc.dim(` ${file.status}`);
    lines.push(`  ${marks[file.status]} ${file.path}${note}`);
  }
  if (result.packageChanges.length > 0) {
    lines.push(pc.dim(`    package.json: ${result.packageChanges.join(", ")}`));
  }
  const width = Math.max(...next.map(([command]) => command.length));
  lines.push("", "next:");
  for (const [command, what] of next) lines.push(`  ${command.padEnd(width)}  ${pc.dim(what)}`.trimEnd());
  lines.push(
    "",
    pc.dim("then add a task: tasks/<name>/<name>.task.json and its source, `npx wasmflow build <name>`"),
    pc.dim('(node_modules/wasmflow/README.md, "Start a project", walks through it)'),
  );
  return lines.join("\n");
}
