import { type Command, Option } from "commander";
import type { FlowRunStatus } from "../../index.js";
import { withWasmflow } from "../context.js";
import { integer } from "../options.js";
import type { Output } from "../output.js";
import { renderRunList } from "../render-run.js";

const statuses = ["running", "succeeded", "failed", "cancelled", "interrupted"] as const;

interface RunsListOptions {
  status?: FlowRunStatus;
  flow?: string;
  limit?: string;
}

export function registerRunsList(runs: Command, output: (cmd: Command) => Output): void {
  runs
    .command("list")
    .description("list flow runs, newest first")
    .addOption(new Option("--status <status>", "only runs in this state").choices(statuses))
    .option("--flow <name>", "only runs of this flow")
    .option("--limit <n>", "at most this many runs", "50")
    .action(async (options: RunsListOptions, cmd: Command) => {
      const out = output(cmd);
      const limit = integer("--limit", options.limit ?? "50");
      const list = await withWasmflow(cmd, (wf) =>
        wf.runs.list({
          limit,
          ...(options.status === undefined ? {} : { status: options.status }),
          ...(options.flow === undefined ? {} : { flow: options.flow }),
        }),
      );
      out.result({ runs: list }, () => renderRunList(list));
    });
}
