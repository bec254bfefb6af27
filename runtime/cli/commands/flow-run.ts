import { type Command, Option } from "commander";
import { withWasmflow } from "../context.js";
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
      const details = await withWasmflow(cmd, async (wf) => {
        const abort = new AbortController();
        const run = await wf.startFlow(target, input, {
          format: "json",
          signal: abort.signal,
          onEvent: progress.onEvent,
          ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
        });
        const release = cancelOnInterrupt(abort, out);
        try {
          const result = await run.result;
          if (result.reused) out.progress(`idempotency key matched run ${run.id}: nothing was run again`);
        } finally {
          release();
          progress.stop();
        }
        return wf.runs.show(run.id);
      });
      if (details.status !== "succeeded") commandOutcome.exitCode = exitCodes.failed;
      out.result({ run: details }, () => renderRun(details));
    });
}
