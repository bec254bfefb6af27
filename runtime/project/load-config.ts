import { existsSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { DefinitionError } from "../errors/index.js";
import { fromZodIssues, readDefinitionJson } from "../tasks/index.js";
import { type ProjectConfig, projectConfigFile, projectConfigSchema } from "./config-schema.js";

/** A configuration is a few lines; anything larger is not one. */
const maxConfigBytes = 64 * 1024;

/** A project's configuration with its folders resolved to absolute paths. */
export interface Project {
  readonly root: string;
  /** The configuration file read, or undefined when the project has none. */
  readonly configFile: string | undefined;
  readonly tasksDir: string;
  readonly flowsDir: string;
  /** The store folder the configuration names, if it names one. */
  readonly home: string | undefined;
}

/**
 * Reads `wasmflow.config.json` at `root` when there is one. Its folders must stay inside the
 * root, as module paths must.
 * @throws DefinitionError (DEFINITION_INVALID) when the file is not valid JSON, breaks the schema
 *   or names a folder outside the root; every problem is listed.
 */
export async function loadProject(root: string): Promise<Project> {
  const base = resolve(root);
  const file = join(base, projectConfigFile);
  let config: ProjectConfig = projectConfigSchema.parse({});
  let configFile: string | undefined;
  if (existsSync(file)) {
    const { json } = await readDefinitionJson(file, "project configuration", maxConfigBytes);
    const parsed = projectConfigSchema.safeParse(json);
    if (!parsed.success) throw new DefinitionError("project configuration", fromZodIssues(parsed.error.issues), file);
    config = parsed.data;
    configFile = file;
  }
  const inside = (key: "tasks" | "flows" | "home", value: string): string => {
    const path = resolve(base, value);
    const rel = relative(base, path);
    if (rel.startsWith("..") || isAbsolute(rel)) {
      throw new DefinitionError(
        "project configuration",
        [
          {
            code: "FOLDER_OUTSIDE_ROOT",
            path: key,
            expected: "a folder inside the project",
            actual: value,
            message: `${key}: "${value}" leaves the project root`,
          },
        ],
        file,
      );
    }
    return path;
  };
  return {
    root: base,
    configFile,
    tasksDir: inside("tasks", config.tasks),
    flowsDir: inside("flows", config.flows),
    home: config.home === undefined ? undefined : inside("home", config.home),
  };
}
