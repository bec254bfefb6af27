import type { Command } from "commander";
import { withWasmflow } from "../context.js";
import type { Output } from "../output.js";

export function registerTaskRm(task: Command, output: (cmd: Command) => Output): void {
  task
    .command("rm")
    .description("remove a task (every revision), or one revision with name@revision")
    .argument("<task>", "task reference, e.g. word-count or word-count@2")
    .action(async (reference: string, _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const removed = await withWasmflow(cmd, (wf) => wf.tasks.remove(reference));
      out.result(
        { removed: { reference, revisions: removed } },
        () => `removed ${reference} (${removed} revision${removed === 1 ? "" : "s"})`,
      );
    });
}
