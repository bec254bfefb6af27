import type { Command } from "commander";
import { withBackend } from "../context.js";
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
      // A run that succeeded or failed throws RUN_FINISHED (exit 2); one already cancelled is the
      // outcome asked for, so it is answered as such (exit 0).
      const { result, already } = await withBackend(cmd, async (backend) => {
        const already = (await backend.runs.show(id)).status === "cancelled";
        return { result: await backend.runs.cancel(id, waitMs), already };
      });
      out.result({ run: { id: result.id, flow: result.flow, status: result.status }, alreadyCancelled: already }, () =>
        result.status === "running"
          ? `asked the process running ${id} to cancel it; it has not stopped yet`
          : already
            ? `run ${id} was already ${colourStatus(result.status)}`
            : `run ${id} is ${colourStatus(result.status)}`,
      );
    });
}
