import type { Command } from "commander";
import { withBackend } from "../context.js";
import { formatBytes, table } from "../format.js";
import type { Output } from "../output.js";
import { taskSummary } from "./task-summary.js";

export function registerTaskList(task: Command, output: (cmd: Command) => Output): void {
  task
    .command("list")
    .description("list registered tasks (latest revision of each)")
    .action(async (_options: unknown, cmd: Command) => {
      const out = output(cmd);
      const tasks = await withBackend(cmd, (backend) => backend.tasks.list());
      out.result({ tasks: tasks.map(taskSummary) }, () =>
        tasks.length === 0
          ? "no tasks registered; add some with `wasmflow task add <definition.json>`"
          : table(
              ["NAME", "REV", "VERSION", "ABI", "MODULE", "SIZE"],
              tasks.map((t) => [
                t.name,
                String(t.revision),
                t.version,
                t.abi,
                t.moduleHash.slice(0, 12),
                formatBytes(t.moduleSize),
              ]),
            ),
      );
    });
}
