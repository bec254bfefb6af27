import type { Command } from "commander";
import pc from "picocolors";
import { withWasmflow } from "../context.js";
import type { Output } from "../output.js";

export function registerFlowValidate(flow: Command, output: (cmd: Command) => Output): void {
  flow
    .command("validate")
    .description(
      "check flow definitions against the registered tasks: references, cycles, joins, types along every edge",
    )
    .argument("<flows...>", "flow files (*.json) or registered flows (name or name@revision)")
    .action(async (files: string[], _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const checked = await withWasmflow(cmd, async (wf) => {
        const results = [];
        for (const file of files) {
          const { definition, graph } = await wf.validateFlow(file);
          results.push({ file, name: definition.name, steps: graph.steps.length });
        }
        return results;
      });
      out.result({ flows: checked }, () =>
        checked.map((f) => `${pc.green("✓")} ${f.name} ${pc.dim(`${f.file}, ${f.steps} steps`)}`).join("\n"),
      );
    });
}
