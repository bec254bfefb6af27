import type { Command } from "commander";
import { withWasmflow } from "../context.js";
import { FlowProgress } from "../flow-progress.js";
import { commandOutcome, exitCodes, type Output } from "../output.js";
import { renderRun } from "../render-run.js";

export function registerRunsResume(runs: Command, output: (cmd: Command) => Output): void {
  runs
    .command("resume")
    .description("continue interrupted runs from their committed steps (all of them, or the ids given)")
    .argument("[ids...]", "run ids (default: every run whose process is gone)")
    .action(async (ids: string[], _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const progress = await FlowProgress.forOutput(out.json);
      const resumed = await withWasmflow(cmd, async (wf) => {
        // One at a time on screen; the runs themselves execute concurrently.
        const started = wf.resumeRuns(ids.length > 0 ? ids : undefined, { onEvent: progress.onEvent });
        await Promise.allSettled(started.map((run) => run.result));
        progress.stop();
        return started.map((run) => wf.runs.show(run.id));
      });
      if (resumed.some((run) => run.status !== "succeeded")) commandOutcome.exitCode = exitCodes.failed;
      out.result({ runs: resumed }, () =>
        resumed.length === 0 ? "no interrupted runs" : resumed.map(renderRun).join("\n\n"),
      );
    });
}
