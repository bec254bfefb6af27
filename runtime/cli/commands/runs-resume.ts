import type { Command } from "commander";
import pc from "picocolors";
import type { LiveRun, RunDetails, WasmflowError } from "../../index.js";
import { withBackend } from "../context.js";
import { FlowProgress } from "../flow-progress.js";
import { commandOutcome, exitCodes, type Output } from "../output.js";
import { renderRun } from "../render-run.js";

/** One id's answer: the resumed run as it ended, or why it was not resumed. */
type Answer =
  | { readonly id: string; readonly resumed: true; readonly run: RunDetails }
  | {
      readonly id: string;
      readonly resumed: false;
      readonly error: { readonly code: string; readonly message: string; readonly details: unknown };
    };

export function registerRunsResume(runs: Command, output: (cmd: Command) => Output): void {
  runs
    .command("resume")
    .description("continue interrupted runs from their committed steps (all of them, or the ids given)")
    .argument("[ids...]", "run ids (default: every run whose process is gone)")
    .action(async (ids: string[], _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const progress = await FlowProgress.forOutput(out.json);
      // Each id is answered on its own: one that cannot be resumed holds up none of the others.
      // Resuming every interrupted run leaves alone those a live process executes: `running` says
      // which they are, so that one that looks stuck is not taken for one with nothing to resume.
      const resumed = await withBackend(cmd, (backend) => backend.runs.resume(ids, progress.onEvent));
      progress.stop();
      const answers = resumed.answers.map(
        (answer): Answer =>
          "run" in answer
            ? { id: answer.id, resumed: true, run: answer.run }
            : { id: answer.id, resumed: false, error: describe(answer.error) },
      );
      const running = resumed.running;
      commandOutcome.exitCode = exitCodeOf(answers);
      out.result({ runs: answers, ...(running === undefined ? {} : { running }) }, () => {
        const resumed = answers.length === 0 ? "no interrupted runs" : answers.map(renderAnswer).join("\n\n");
        return running === undefined || running.length === 0
          ? resumed
          : `${resumed}\n\n${running.map(renderRunning).join("\n")}`;
      });
    });
}

/** 2 if any id could not be resumed; else 1 if a resumed run did not succeed; else 0. */
function exitCodeOf(answers: readonly Answer[]): number {
  if (answers.some((answer) => !answer.resumed)) return exitCodes.invalid;
  if (answers.some((answer) => answer.resumed && answer.run.status !== "succeeded")) return exitCodes.failed;
  return exitCodes.ok;
}

function renderAnswer(answer: Answer): string {
  if (answer.resumed) return renderRun(answer.run);
  return `${pc.bold(`run ${answer.id}`)}  ${pc.red("not resumed")} [${answer.error.code}] ${answer.error.message}`;
}

function renderRunning(run: LiveRun): string {
  const where = run.pid === undefined ? "in a live process" : `in process ${run.pid}, which is alive`;
  return `${pc.bold(`run ${run.id}`)}  ${run.flow}  ${pc.cyan("running")} ${where} (owner ${run.owner}): not interrupted, so not resumed`;
}

function describe(error: WasmflowError): { code: string; message: string; details: unknown } {
  return { code: error.code, message: error.message, details: error.details };
}
