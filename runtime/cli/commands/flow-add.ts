import type { Command } from "commander";
import pc from "picocolors";
import { withBackend } from "../context.js";
import type { Output } from "../output.js";

export function registerFlowAdd(flow: Command, output: (cmd: Command) => Output): void {
  flow
    .command("add")
    .description("check flow definitions against the registered tasks and register them")
    .argument("[files...]", "flow definition files, folders or quoted globs (default: every <flows>/*.flow.json)")
    .action(async (targets: string[], _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const results = await withBackend(cmd, async (backend, project) => {
        const { resolveDefinitionTargets } = await import("../../index.js");
        const files = (
          await resolveDefinitionTargets(targets.length > 0 ? targets : [project.flowsDir], {
            cwd: process.cwd(),
            suffix: ".flow.json",
            names: false,
          })
        ).files;
        // Every file is checked before any is stored, so a bad file leaves the registry as it was.
        return backend.flows.add(files);
      });
      out.result(
        {
          flows: results.map(({ flow, status }) => ({
            name: flow.name,
            revision: flow.revision,
            version: flow.version,
            status,
            steps: flow.definition.steps.length,
            definitionHash: flow.definitionHash,
          })),
        },
        () =>
          results
            .map(({ flow, status }) => {
              const mark = status === "created" ? pc.green("+") : pc.dim("=");
              const note = status === "created" ? "registered" : "unchanged";
              return `${mark} ${flow.name}@${flow.revision} ${pc.dim(`v${flow.version} ${flow.definition.steps.length} steps`)} ${note}`;
            })
            .join("\n"),
      );
    });
}
