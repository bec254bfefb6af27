import type { Command } from "commander";
import { StoreCorruptError } from "../../index.js";
import { withWasmflow } from "../context.js";
import type { Output } from "../output.js";

export function registerStoreCheck(store: Command, output: (cmd: Command) => Output): void {
  store
    .command("check")
    .description("check the store end to end: SQLite's integrity check, foreign keys, module and definition hashes")
    .option(
      "--quick",
      "SQLite's quick_check instead of integrity_check: faster on a large store, but indexes are not compared with their tables",
    )
    .action(async (options: { quick?: boolean }, cmd: Command) => {
      const out = output(cmd);
      const report = await withWasmflow(cmd, (wf) => wf.store.check({ quick: options.quick === true }));
      // Problems are the store's failure, reported like any other: STORE_CORRUPT with every issue.
      if (!report.ok) throw new StoreCorruptError(report.path, report.issues);
      const { modules, tasks, flows, runs } = report.hashed;
      const durationMs = Math.round(report.durationMs);
      out.result({ check: { ...report, durationMs } }, () =>
        [
          `ok: ${report.path}`,
          `  ${report.quick ? "quick check" : "integrity check"} and foreign keys: no problems`,
          `  hashes match: ${modules} modules, ${tasks} task, ${flows} flow and ${runs} run definitions`,
          `  ${durationMs} ms`,
        ].join("\n"),
      );
    });
}
