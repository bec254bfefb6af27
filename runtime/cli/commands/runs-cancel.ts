import type { Command } from "commander";
import { withWasmflow } from "../context.js";
import { integer } from "../options.js";
import type { Output } from "../output.js";
import { colourStatus } from "../render-run.js";

export function registerRunsCancel(runs: Command, output: (cmd: Command) => Output): void {
  runs
    .command("cancel")
    .description("cancel a run: here, in the process running it, or an interrupted one")
    .argument("<id>", "run id")
    .option("--wait <ms>", "how long to wait for the process running it to stop", "30000")
    .action(async (id: string, options: { wait: string }, cmd: Command) => {
      const out = output(cmd);
      const waitMs = integer("--wait", options.wait);
      const result = await withWasmflow(cmd, (wf) => wf.cancelRun(id, waitMs));
      out.result({ run: { id: result.id, flow: result.flow, status: result.status } }, () =>
        result.status === "running"
          ? `asked the process running ${id} to cancel it; it has not stopped yet`
          : `run ${id} is ${colourStatus(result.status)}`,
      );
    });
}
