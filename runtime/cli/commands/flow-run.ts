import { type Command, Option } from "commander";
import type { FlowRunStatus, RunDetails } from "../../index.js";
import type { Backend } from "../backend.js";
import { withBackend } from "../context.js";
import { FlowProgress } from "../flow-progress.js";
import { cancelOnInterrupt } from "../interrupt.js";
import { commandOutcome, exitCodes, type Output } from "../output.js";
import { readJsonInput } from "../read-input.js";
import { renderRun } from "../render-run.js";

interface FlowRunOptions {
  input?: string;
  inputFile?: string;
  idempotencyKey?: string;
}

export function registerFlowRun(flow: Command, output: (cmd: Command) => Output): void {
  flow
    .command("run")
    .description("run a flow, persisting every step; prints the run with its steps")
    .argument("<flow>", "a registered flow (name or name@revision) or a flow file (*.json)")
    .addOption(
      new Option("--input <json>", "the flow input as JSON (default: the flow's initial input)").conflicts("inputFile"),
    )
    .option("--input-file <file>", "read the input JSON from a file")
    .option("--idempotency-key <key>", "run at most once per key: a repeat returns the first run")
    .action(async (target: string, options: FlowRunOptions, cmd: Command) => {
      const out = output(cmd);
      const input = await readJsonInput(options);
      const progress = await FlowProgress.forOutput(out.json);
      const abort = new AbortController();
      let opened: Backend | undefined;
      // Set by run-started, emitted the moment the run is committed: before it, there is no run.
      let runId: string | undefined;
      // Kept until the command is done: a second Ctrl-C while it is still finishing up (stopping
      // workers, closing the store) exits at once too.
      const interrupt = cancelOnInterrupt(abort, out, () => {
        progress.stop();
        exitNow(out, opened, runId);
      });
      try {
        const details = await withBackend(cmd, async (backend) => {
          opened = backend;
          if (abort.signal.aborted) {
            out.progress("cancelled before the run started: there is no run");
            process.exit(exitCodes.interrupted);
          }
          const run = await backend.flows.start(target, input, {
            signal: abort.signal,
            onEvent: (event) => {
              if (event.type === "run-started") runId = event.runId;
              progress.onEvent(event);
            },
            ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
          });
          runId = run.id;
          // Another request's run: not this command's to cancel, so Ctrl-C just stops waiting for it.
          if (run.reused) interrupt.release();
          await run.ended;
          progress.stop();
          if (run.reused) out.progress(`idempotency key matched run ${run.id}: nothing was run again`);
          return backend.runs.show(run.id);
        });
        commandOutcome.exitCode = runExitCode(details.status, interrupt.pressed);
        out.result({ run: details }, () => renderRun(details));
      } finally {
        interrupt.release();
        progress.stop();
      }
    });
}

/**
 * The second Ctrl-C: records the run cancelled now, without waiting for its calls to stop (the
 * first press already committed the request), prints it as the store has it, and exits.
 */
function exitNow(out: Output, backend: Backend | undefined, runId: string | undefined): void {
  if (backend === undefined || runId === undefined) {
    out.progress("exited before the run was stored: there is no run");
    process.exit(exitCodes.interrupted);
  }
  const exit = (details: RunDetails): never => {
    out.progress(`exited without waiting for the calls to stop: run ${runId} is ${details.status}`);
    out.result({ run: details }, () => renderRun(details));
    process.exit(runExitCode(details.status, true));
  };
  const refused = (error: unknown): never => {
    // The store refused: the first press committed the request, so the run is settled cancelled
    // (never resumed) when next touched.
    out.progress(`exited; could not record the cancel now: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(exitCodes.interrupted);
  };
  try {
    // Here, synchronously: nothing else of the command runs before it exits.
    const answer = backend.runs.cancelNow(runId);
    if (answer instanceof Promise) answer.then(exit, refused);
    else exit(answer);
  } catch (error) {
    refused(error);
  }
}

/** 0 for a run that succeeded, 130 for one Ctrl-C cancelled, 1 for any other end (failed, cancelled elsewhere). */
function runExitCode(status: FlowRunStatus, interrupted: boolean): number {
  if (status === "succeeded") return exitCodes.ok;
  return status === "cancelled" && interrupted ? exitCodes.interrupted : exitCodes.failed;
}
