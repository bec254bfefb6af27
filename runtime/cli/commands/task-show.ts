import type { Command } from "commander";
import pc from "picocolors";
import { withBackend } from "../context.js";
import { formatBytes } from "../format.js";
import type { Output } from "../output.js";
import { memoryImposedText, taskSummary } from "./task-summary.js";

export function registerTaskShow(task: Command, output: (cmd: Command) => Output): void {
  task
    .command("show")
    .description("show a registered task: name (latest revision) or name@revision")
    .argument("<task>", "task reference, e.g. word-count or word-count@2")
    .action(async (reference: string, _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const { task: shown, revisions } = await withBackend(cmd, (backend) => backend.tasks.show(reference));
      const { inputType: _i, outputType: _o, ...definition } = shown.definition;
      out.result({ task: { ...taskSummary(shown), revisions, definition } }, () => {
        const s = taskSummary(shown);
        const l = shown.definition.limits;
        const imposed = shown.memoryMaximumImposed;
        return [
          `${pc.bold(`${s.name}@${s.revision}`)} ${pc.dim(`v${s.version}`)}  ${shown.definition.description}`,
          `  abi       ${s.abi}, export "${s.export}"`,
          `  input     ${s.input}`,
          `  output    ${s.output}`,
          `  module    sha256:${s.moduleHash} (${formatBytes(s.moduleSize)})`,
          // What registration rewrote belongs with the module whose bytes it changed.
          ...(imposed === undefined ? [] : [`            ${memoryImposedText(imposed)}`]),
          `  limits    timeout ${l.timeoutMs} ms, memory ${l.maxMemoryPages} pages, input ${formatBytes(l.maxInputBytes)}, output ${formatBytes(l.maxOutputBytes)}`,
          `  retry     ${shown.definition.retry.maxAttempts} attempts on ${shown.definition.retry.retryOn.join(", ") || "nothing"}`,
          `  revisions ${revisions.join(", ")}`,
          `  added     ${s.createdAt}`,
        ].join("\n");
      });
    });
}
