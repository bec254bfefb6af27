import type { Command } from "commander";
import { withBackend } from "../context.js";
import { table } from "../format.js";
import type { Output } from "../output.js";

export function registerFlowList(flow: Command, output: (cmd: Command) => Output): void {
  flow
    .command("list")
    .description("list registered flows (latest revision of each)")
    .action(async (_options: unknown, cmd: Command) => {
      const out = output(cmd);
      const flows = await withBackend(cmd, (backend) => backend.flows.list());
      out.result(
        {
          flows: flows.map((f) => ({
            name: f.name,
            revision: f.revision,
            version: f.version,
            steps: f.definition.steps.length,
            description: f.definition.description,
            createdAt: f.createdAt,
          })),
        },
        () =>
          flows.length === 0
            ? "no flows registered; add some with `wasmflow flow add <file.flow.json>`"
            : table(
                ["NAME", "REV", "VERSION", "STEPS", "DESCRIPTION"],
                flows.map((f) => [
                  f.name,
                  String(f.revision),
                  f.version,
                  String(f.definition.steps.length),
                  f.definition.description.length > 60
                    ? `${f.definition.description.slice(0, 59)}…`
                    : f.definition.description,
                ]),
              ),
      );
    });
}
