import { resolve } from "node:path";

/** Name of the folder holding the embedded store when neither `--home` nor WASMFLOW_HOME says otherwise. */
export const defaultHomeFolder = ".wasmflow";

/** `--home` wins over WASMFLOW_HOME, which wins over `.wasmflow/` in the working directory. */
export function resolveHome(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (explicit !== undefined && explicit !== "") return explicit === ":memory:" ? explicit : resolve(cwd, explicit);
  const fromEnv = env.WASMFLOW_HOME;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv === ":memory:" ? fromEnv : resolve(cwd, fromEnv);
  return resolve(cwd, defaultHomeFolder);
}
