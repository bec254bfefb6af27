import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { UsageError } from "../../index.js";
import { packagePath, packageRoot } from "../../package-root.js";
import { commandOutcome, exitCodes, type Output } from "../output.js";

/**
 * The suites compile to dist/bench/ of the repository and run with its development dependencies;
 * the published package ships neither, so there the command is left out of the help and says where
 * it runs.
 */
export function registerBench(program: Command, output: (cmd: Command) => Output): void {
  const benchEntry = packagePath("dist", "bench", "index.js");
  program
    .command("bench", { hidden: !existsSync(benchEntry) })
    .description("run the benchmark suites, each beside the baseline that bounds it, measured in the same run")
    // The bench names its suites (an unknown name lists them); a test keeps this list equal to it.
    .option(
      "--scope <suite>",
      "one suite: task, flow, flow-scale, expressions, service, dashboard, cold-start, scaling, isolation",
    )
    .option("--json <file>", "also write the results as JSON")
    .option("--quick", "check that the suites run: a couple of iterations per row, figures not meaningful")
    .exitOverride()
    .action(async (options: { scope?: string; json?: string; quick?: boolean }, cmd: Command) => {
      const out = output(cmd);
      if (!existsSync(benchEntry)) {
        throw new UsageError(
          "the benchmark suites are part of the wasmflow repository, not of the installed package: run `npm run bench` in a checkout of the repository",
        );
      }
      // The suites run the example tasks: build them first, as `npm run bench` does.
      const { buildTasks } = await import("../../index.js");
      await buildTasks({ root: packageRoot() });
      out.progress("running the benchmark suites (a few minutes)…");
      const args = [
        ...(options.scope === undefined ? [] : ["--scope", options.scope]),
        ...(options.json === undefined ? [] : ["--json", options.json]),
        ...(options.quick === true ? ["--quick"] : []),
      ];
      const child = spawnSync(process.execPath, [benchEntry, ...args], { stdio: "inherit" });
      if (child.status !== 0) commandOutcome.exitCode = child.status === 2 ? exitCodes.invalid : exitCodes.failed;
    });
}
