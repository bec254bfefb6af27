import type { Command } from "commander";
import type { PoolOptions, Project, Wasmflow } from "../index.js";
import type { Backend } from "./backend.js";
import { Output } from "./output.js";

/** Options every command accepts, declared once on the root program. */
export interface GlobalOptions {
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly home?: string;
  readonly root?: string;
  readonly server?: string;
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
  if (globals.server !== undefined) {
    const { UsageError } = await import("../index.js");
    throw new UsageError(
      `\`${command.parent?.name()} ${command.name()}\` works on a home here, not through a server: drop --server`,
    );
  }
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

/** The server the command acts through: `--server`, else WASMFLOW_SERVER; none when both are unset. */
export function serverOf(command: Command): string | undefined {
  const server = globalsOf(command).server ?? process.env.WASMFLOW_SERVER;
  return server === undefined || server === "" ? undefined : server;
}

/**
 * Where a verb that may act through a server acts: the server named by `--server` (or
 * WASMFLOW_SERVER; the token from WASMFLOW_TOKEN), else the home opened as `withWasmflow` opens
 * it. The verb is written once, against the backend.
 */
export async function withBackend<T>(
  command: Command,
  fn: (backend: Backend, project: Project) => Promise<T> | T,
  pool?: PoolOptions,
): Promise<T> {
  const server = serverOf(command);
  if (server === undefined) {
    const { localBackend } = await import("./local-backend.js");
    return withWasmflow(command, (wf, project) => fn(localBackend(wf), project), pool);
  }
  const { WasmflowClient } = await import("../client/index.js");
  const { remoteBackend } = await import("./remote-backend.js");
  const token = process.env.WASMFLOW_TOKEN;
  const client = new WasmflowClient({ url: server, ...(token === undefined || token === "" ? {} : { token }) });
  return fn(remoteBackend(client), await projectOf(command));
}
