import { Command, CommanderError } from "commander";
import { UsageError } from "../index.js";
import { packageManifest } from "../package-root.js";
import { registerBench } from "./commands/bench.js";
import { registerBuild } from "./commands/build.js";
import { registerFlowAdd } from "./commands/flow-add.js";
import { registerFlowInspect } from "./commands/flow-inspect.js";
import { registerFlowList } from "./commands/flow-list.js";
import { registerFlowRm } from "./commands/flow-rm.js";
import { registerFlowRun } from "./commands/flow-run.js";
import { registerFlowShow } from "./commands/flow-show.js";
import { registerFlowValidate } from "./commands/flow-validate.js";
import { registerInit } from "./commands/init.js";
import { registerRunsCancel } from "./commands/runs-cancel.js";
import { registerRunsList } from "./commands/runs-list.js";
import { registerRunsResume } from "./commands/runs-resume.js";
import { registerRunsShow } from "./commands/runs-show.js";
import { registerServe } from "./commands/serve.js";
import { registerStoreBackup } from "./commands/store-backup.js";
import { registerStoreCheck } from "./commands/store-check.js";
import { registerTaskAdd } from "./commands/task-add.js";
import { registerTaskInspect } from "./commands/task-inspect.js";
import { registerTaskList } from "./commands/task-list.js";
import { registerTaskRm } from "./commands/task-rm.js";
import { registerTaskRun } from "./commands/task-run.js";
import { registerTaskShow } from "./commands/task-show.js";
import { registerToken } from "./commands/token.js";
import { outputOf } from "./context.js";
import { commandOutcome, exitCodes, Output } from "./output.js";

/** Builds the command tree. Every command is a thin adapter over the library API. */
export function createProgram(): Command {
  const program = new Command("wasmflow")
    .description("Run WebAssembly tasks in sandboxed worker threads, alone or chained into flows.")
    .version(packageManifest().version)
    .option("--json", "print exactly one JSON document on stdout")
    .option("--home <dir>", "store folder (default: $WASMFLOW_HOME, else ./.wasmflow)")
    .option("--root <dir>", "project root; module paths may not leave it (default: working directory)")
    .option("--verbose", "print the stack of an unexpected error")
    .option(
      "--server <url>",
      "act through a wasmflow server's HTTP API (default: $WASMFLOW_SERVER; its token from $WASMFLOW_TOKEN)",
    )
    .showHelpAfterError()
    .exitOverride();
  registerInit(program, outputOf);
  registerBuild(program, outputOf);
  registerBench(program, outputOf);
  registerServe(program, outputOf);
  registerToken(program, outputOf);
  const task = program
    .command("task")
    .description("register, list, show, remove, inspect and run tasks")
    .exitOverride();
  registerTaskAdd(task, outputOf);
  registerTaskList(task, outputOf);
  registerTaskShow(task, outputOf);
  registerTaskRm(task, outputOf);
  registerTaskInspect(task, outputOf);
  registerTaskRun(task, outputOf);
  for (const command of task.commands) command.exitOverride();
  const flow = program
    .command("flow")
    .description("register, validate, inspect, list, show, remove and run flows")
    .exitOverride();
  registerFlowAdd(flow, outputOf);
  registerFlowValidate(flow, outputOf);
  registerFlowInspect(flow, outputOf);
  registerFlowList(flow, outputOf);
  registerFlowShow(flow, outputOf);
  registerFlowRm(flow, outputOf);
  registerFlowRun(flow, outputOf);
  for (const command of flow.commands) command.exitOverride();
  const runs = program.command("runs").description("list, show, resume and cancel flow runs").exitOverride();
  registerRunsList(runs, outputOf);
  registerRunsShow(runs, outputOf);
  registerRunsResume(runs, outputOf);
  registerRunsCancel(runs, outputOf);
  for (const command of runs.commands) command.exitOverride();
  const store = program.command("store").description("check and back up the store").exitOverride();
  registerStoreCheck(store, outputOf);
  registerStoreBackup(store, outputOf);
  for (const command of store.commands) command.exitOverride();
  return program;
}

/** Runs the CLI and returns its exit code: 0 success, 1 a task failed, 2 invalid input or usage. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const json = argv.includes("--json");
  const output = new Output(json, process.stdout, process.stderr, argv.includes("--verbose"));
  const program = createProgram();
  if (json) {
    // Usage errors become the JSON error document instead of commander's text.
    program.configureOutput({ writeErr: () => {}, outputError: () => {} });
    for (const command of allCommands(program)) command.configureOutput({ writeErr: () => {}, outputError: () => {} });
  }
  commandOutcome.exitCode = exitCodes.ok;
  try {
    await program.parseAsync([...argv]);
    return commandOutcome.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return exitCodes.ok;
      if (json) return output.error(new UsageError(usageMessage(error, argv)));
      return exitCodes.invalid;
    }
    return output.error(error);
  }
}

/** Commander's message as a person reads it; help shown for want of a command becomes a sentence. */
function usageMessage(error: CommanderError, argv: readonly string[]): string {
  if (error.code !== "commander.help" && error.message !== "(outputHelp)") return error.message.replace(/^error: /, "");
  const group = argv.slice(2).find((arg) => ["task", "flow", "runs", "store"].includes(arg));
  const prefix = group === undefined ? "wasmflow" : `wasmflow ${group}`;
  return `a command is needed: \`${prefix} --help\` lists them`;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}
