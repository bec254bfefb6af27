import { type Command, Option } from "commander";
import { type FlowRunStatus, maxRunsPerPage } from "../../index.js";
import { withBackend } from "../context.js";
import { integer } from "../options.js";
import type { Output } from "../output.js";
import { renderRunList } from "../render-run.js";

const statuses = ["running", "succeeded", "failed", "cancelled", "interrupted"] as const;

interface RunsListOptions {
  status?: FlowRunStatus;
  flow?: string;
  since?: string;
  until?: string;
  after?: string;
  limit?: string;
}

export function registerRunsList(runs: Command, output: (cmd: Command) => Output): void {
  runs
    .command("list")
    .description("list flow runs, newest first, a page at a time")
    .addOption(new Option("--status <status>", "only runs in this state").choices(statuses))
    .option("--flow <name>", "only runs of this flow")
    .option("--since <time>", "only runs started at or after this time (ISO 8601)")
    .option("--until <time>", "only runs started before this time (ISO 8601)")
    .option("--after <cursor>", "the next page: the cursor the page before printed")
    .option("--limit <n>", `runs per page, 1 to ${maxRunsPerPage}`, "50")
    .action(async (options: RunsListOptions, cmd: Command) => {
      const out = output(cmd);
      const limit = integer("--limit", options.limit ?? "50");
      const page = await withBackend(cmd, (backend) =>
        backend.runs.page({
          limit,
          ...(options.status === undefined ? {} : { status: options.status }),
          ...(options.flow === undefined ? {} : { flow: options.flow }),
          ...(options.since === undefined ? {} : { since: options.since }),
          ...(options.until === undefined ? {} : { until: options.until }),
          ...(options.after === undefined ? {} : { after: options.after }),
        }),
      );
      out.result(page, () => {
        const list = renderRunList(page.runs);
        return page.next === undefined ? list : `${list}\nmore: wasmflow runs list --after ${page.next} (same filters)`;
      });
    });
}
