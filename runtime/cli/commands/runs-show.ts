import type { Command } from "commander";
import { withWasmflow } from "../context.js";
import type { Output } from "../output.js";
import { renderRun } from "../render-run.js";

export function registerRunsShow(runs: Command, output: (cmd: Command) => Output): void {
  runs
    .command("show")
    .description("show a run: every step with its status, attempts, timings, output or error")
    .argument("<id>", "run id")
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const details = await withWasmflow(cmd, (wf) => wf.runs.show(id));
      out.result({ run: details }, () => renderRun(details));
    });
}
