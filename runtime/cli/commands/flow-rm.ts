import type { Command } from "commander";
import { parseTaskReference } from "../../index.js";
import { withWasmflow } from "../context.js";
import type { Output } from "../output.js";

export function registerFlowRm(flow: Command, output: (cmd: Command) => Output): void {
  flow
    .command("rm")
    .description("remove a flow (every revision), or one revision with name@revision; its runs are kept")
    .argument("<flow>", "flow reference, e.g. triage-text or triage-text@2")
    .action(async (reference: string, _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const { removed, runs } = await withWasmflow(cmd, (wf) => {
        const revisions = wf.flows.remove(reference);
        const { name, revision } = parseTaskReference(reference);
        return { removed: revisions, runs: wf.runs.count(name, revision) };
      });
      out.result({ removed: { reference, revisions: removed, runs } }, () => {
        const head = `removed ${reference} (${removed} revision${removed === 1 ? "" : "s"})`;
        if (runs.total === 0) return head;
        const kept = `its ${runs.total} run${runs.total === 1 ? " is" : "s are"} kept (runs list, runs show)`;
        const going =
          runs.unfinished === 0
            ? ""
            : `; ${runs.unfinished} unfinished run${runs.unfinished === 1 ? "" : "s"} can still finish or be resumed from ${runs.unfinished === 1 ? "its" : "their"} own copy of the flow`;
        return `${head}; ${kept}${going}`;
      });
    });
}
