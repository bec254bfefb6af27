import { relative } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import type { BuildEvent } from "../../index.js";
import { projectOf } from "../context.js";
import { formatBytes } from "../format.js";
import type { Output } from "../output.js";

export function registerBuild(program: Command, output: (cmd: Command) => Output): void {
  program
    .command("build")
    .description(
      "compile tasks to their module paths: AssemblyScript, and JavaScript or TypeScript components (all tasks, or the ones named)",
    )
    .argument(
      "[targets...]",
      "task names, definition files, folders or quoted globs ('lib/**/*.task.json') (default: every task of the project)",
    )
    .option("--debug", "compile with asconfig.json's debug target instead of release")
    .exitOverride()
    .action(async (targets: string[], options: { debug?: boolean }, cmd: Command) => {
      const out = output(cmd);
      const project = await projectOf(cmd);
      const root = project.root;
      const { buildTasks } = await import("../../index.js");
      const { resolveDefinitionTargets } = await import("../../index.js");
      const chosen = await resolveDefinitionTargets(targets, { cwd: process.cwd(), suffix: ".task.json", names: true });
      const result = await buildTasks({
        root,
        tasksDir: relative(root, project.tasksDir),
        ...(chosen.names.length > 0 ? { names: chosen.names } : {}),
        ...(chosen.files.length > 0 ? { definitions: chosen.files } : {}),
        target: options.debug === true ? "debug" : "release",
        onEvent: (event) => out.progress(renderEvent(event)),
      });
      out.result(
        {
          modules: result.modules.map((m) => ({
            tasks: m.tasks,
            source: relative(root, m.source),
            module: relative(root, m.module),
            bytes: m.bytes,
            ms: Math.round(m.ms),
            warnings: m.warnings,
          })),
          skipped: result.skipped,
          ms: Math.round(result.ms),
        },
        () =>
          pc.dim(
            `built ${result.modules.length} module${result.modules.length === 1 ? "" : "s"} in ${Math.round(result.ms)} ms`,
          ),
      );
    });
}

function renderEvent(event: BuildEvent): string {
  const tasks = event.tasks.join(", ");
  switch (event.type) {
    case "started":
      return pc.dim(`  compiling ${tasks} (${event.source})`);
    case "finished": {
      const warnings = event.warnings.map((w) => `\n    ${pc.yellow("warning")} ${w.path}: ${w.message}`).join("");
      return `${pc.green("✓")} ${tasks} ${pc.dim(`→ ${event.module} ${formatBytes(event.bytes)} ${Math.round(event.ms)} ms`)}${warnings}`;
    }
    case "failed":
      return `${pc.red("✗")} ${tasks} ${pc.dim(`${event.source}`)}\n${event.issues.map((i) => `    ${i.path}: ${i.message}`).join("\n")}`;
    case "skipped":
      return pc.dim(`- ${tasks}: ${event.reason}`);
  }
}
