import type { Command } from "commander";
import { toJsonValue } from "../../index.js";
import { withBackend } from "../context.js";
import type { Output } from "../output.js";
import { renderEvents } from "../render-events.js";
import { renderRun } from "../render-run.js";

export function registerRunsShow(runs: Command, output: (cmd: Command) => Output): void {
  runs
    .command("show")
    .description("show a run: every step with its status, attempts, timings, output or error")
    .argument("<id>", "run id")
    .option("--events", "also print the run's history: every event it recorded, in order")
    .action(async (id: string, options: { events?: boolean }, cmd: Command) => {
      const out = output(cmd);
      const { details, events } = await withBackend(cmd, async (backend) => {
        const details = await backend.runs.show(id);
        return { details, events: options.events === true ? await backend.runs.history(id) : undefined };
      });
      if (events === undefined) {
        out.result({ run: details }, () => renderRun(details));
        return;
      }
      // Values in events (a run's output) in the JSON mapping the rest of the run uses.
      out.result({ run: details, events: events.map((event) => toJsonValue(event)) }, () =>
        [renderRun(details), "", renderEvents(events)].join("\n"),
      );
    });
}
