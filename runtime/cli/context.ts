import type { Command } from "commander";
import type { PoolOptions, Project, Wasmflow } from "../index.js";
import { Output } from "./output.js";

/** Options every command accepts, declared once on the root program. */
export interface GlobalOptions {
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly home?: string;
  readonly root?: string;
}

export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function outputOf(command: Command): Output {
  const globals = globalsOf(command);
  return new Output(globals.json === true, process.stdout, process.stderr, globals.verbose === true);
}

/** The project the command runs in: `--root` (default: the working directory) and its `wasmflow.config.json`. */
export async function projectOf(command: Command): Promise<Project> {
  const { loadProject } = await import("../index.js");
  return loadProject(globalsOf(command).root ?? process.cwd());
}

/**
 * Opens the project's runtime for the length of one command, and always closes it. The store is
 * `--home`, else WASMFLOW_HOME, else the configuration's `home`, else `.wasmflow/`.
 */
export async function withWasmflow<T>(
  command: Command,
  fn: (wf: Wasmflow, project: Project) => Promise<T> | T,
  pool?: PoolOptions,
): Promise<T> {
  const globals = globalsOf(command);
  const project = await projectOf(command);
  const options: { home?: string; root?: string; pool?: PoolOptions } = pool === undefined ? {} : { pool };
  if (globals.home !== undefined) options.home = globals.home;
  else if (!process.env.WASMFLOW_HOME && project.home !== undefined) options.home = project.home;
  if (globals.root !== undefined) options.root = globals.root;
  // Loaded on first use: `--help`, `--version` and usage errors need none of the runtime.
  const { Wasmflow } = await import("../index.js");
  const wf = Wasmflow.open(options);
  try {
    return await fn(wf, project);
  } finally {
    await wf.close();
  }
}
