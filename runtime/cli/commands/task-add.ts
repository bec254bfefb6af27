import type { Command } from "commander";
import pc from "picocolors";
import { UsageError } from "../../index.js";
import { withWasmflow } from "../context.js";
import { formatBytes } from "../format.js";
import type { Output } from "../output.js";

export function registerTaskAdd(task: Command, output: (cmd: Command) => Output): void {
  task
    .command("add")
    .description("check task definitions against their modules and register them (all or nothing)")
    .argument(
      "[definitions...]",
      "task definition files, folders or quoted globs (default: every <tasks>/*/*.task.json of the project)",
    )
    .action(async (targets: string[], _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const results = await withWasmflow(cmd, async (wf, project) => {
        const { findTaskDefinitionFiles } = await import("../../index.js");
        const { resolveDefinitionTargets } = await import("../../index.js");
        const chosen =
          targets.length > 0
            ? (await resolveDefinitionTargets(targets, { cwd: process.cwd(), suffix: ".task.json", names: false }))
                .files
            : await findTaskDefinitionFiles(project.tasksDir, ".");
        if (chosen.length === 0)
          throw new UsageError(`no task definitions given and none found in ${project.tasksDir}/*/*.task.json`);
        return wf.addTasks(chosen);
      });
      out.result(
        {
          tasks: results.map(({ task, status }) => ({
            name: task.name,
            revision: task.revision,
            version: task.version,
            status,
            moduleHash: task.moduleHash,
            moduleSize: task.moduleSize,
          })),
        },
        () =>
          results
            .map(({ task, status }) => {
              const mark = status === "created" ? pc.green("+") : pc.dim("=");
              const note = status === "created" ? "registered" : "unchanged";
              return `${mark} ${task.name}@${task.revision} ${pc.dim(`v${task.version} ${task.moduleHash.slice(0, 12)} ${formatBytes(task.moduleSize)}`)} ${note}`;
            })
            .join("\n"),
      );
    });
}
