import type { Command } from "commander";
import pc from "picocolors";
import { withWasmflow } from "../context.js";
import type { Output } from "../output.js";

export function registerFlowAdd(flow: Command, output: (cmd: Command) => Output): void {
  flow
    .command("add")
    .description("check flow definitions against the registered tasks and register them")
    .argument("[files...]", "flow definition files, folders or quoted globs (default: every <flows>/*.flow.json)")
    .action(async (targets: string[], _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const results = await withWasmflow(cmd, async (wf, project) => {
        const { resolveDefinitionTargets } = await import("../../index.js");
        const files = (
          await resolveDefinitionTargets(targets.length > 0 ? targets : [project.flowsDir], {
            cwd: process.cwd(),
            suffix: ".flow.json",
            names: false,
          })
        ).files;
        // Check every file before storing any, so a bad file leaves the registry as it was.
        for (const file of files) await wf.validateFlow(file);
        const added = [];
        for (const file of files) added.push(await wf.addFlow(file));
        return added;
      });
      out.result(
        {
          flows: results.map(({ flow, status, graph }) => ({
            name: flow.name,
            revision: flow.revision,
            version: flow.version,
            status,
            steps: graph.steps.length,
            definitionHash: flow.definitionHash,
          })),
        },
        () =>
          results
            .map(({ flow, status, graph }) => {
              const mark = status === "created" ? pc.green("+") : pc.dim("=");
              const note = status === "created" ? "registered" : "unchanged";
              return `${mark} ${flow.name}@${flow.revision} ${pc.dim(`v${flow.version} ${graph.steps.length} steps`)} ${note}`;
            })
            .join("\n"),
      );
    });
}
