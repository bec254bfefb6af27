import { type Command, Option } from "commander";
import pc from "picocolors";
import { UsageError } from "../../index.js";
import type { TaskRunOptions as CallOptions } from "../backend.js";
import { withBackend } from "../context.js";
import { integer } from "../options.js";
import type { Output } from "../output.js";
import { readJsonInput } from "../read-input.js";

interface TaskRunOptions {
  input?: string;
  inputFile?: string;
  timeout?: string;
  seed?: string;
}

export function registerTaskRun(task: Command, output: (cmd: Command) => Output): void {
  task
    .command("run")
    .description("run a task once in the sandbox and print its output")
    .argument("<task>", "a registered task (name or name@revision) or a definition file (*.task.json)")
    .addOption(
      new Option("--input <json>", "the input as JSON (64-bit integers may be strings, bytes are base64)").conflicts(
        "inputFile",
      ),
    )
    .option("--input-file <file>", "read the input JSON from a file")
    .option("--timeout <ms>", "override the task's timeout, in milliseconds")
    .option("--seed <n>", "seed of the guest's Math.random (default 0: calls replay exactly)")
    .action(async (target: string, options: TaskRunOptions, cmd: Command) => {
      const out = output(cmd);
      const input = await readJsonInput(options);
      if (input === undefined)
        throw new UsageError("give the task's input with --input '<json>' or --input-file <file>");
      const runOptions: CallOptions = {
        ...(options.timeout === undefined ? {} : { timeoutMs: integer("--timeout", options.timeout) }),
        ...(options.seed === undefined ? {} : { seed: integer("--seed", options.seed) }),
      };
      // One call needs one worker: starting more would only slow the command down.
      const result = await withBackend(cmd, (backend) => backend.tasks.run(target, input, runOptions), {
        threads: 1,
      });
      for (const log of result.logs) out.progress(pc.dim(`[${log.level}] ${log.message}`));
      if (result.droppedLogs > 0) out.progress(pc.dim(`(${result.droppedLogs} more log records dropped)`));
      out.result(
        {
          output: result.output,
          logs: result.logs,
          droppedLogs: result.droppedLogs,
          timings: {
            totalMs: round(result.timings.totalMs),
            instantiateUs: round(result.timings.instantiateUs),
            callUs: round(result.timings.callUs),
          },
        },
        () => JSON.stringify(result.output, null, 2),
      );
    });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
