import { definitionCaps } from "./defaults.js";
import { readDefinitionJson } from "./read-definition-json.js";
import { parseTaskDefinition, type TaskDefinition } from "./task-definition.js";

export interface LoadedTaskDefinition {
  /** Absolute path of the definition file. */
  readonly file: string;
  /** Folder the definition's relative paths (`source`, `module`) are resolved from. */
  readonly dir: string;
  readonly definition: TaskDefinition;
}

/** Reads, parses and validates a task definition file; every failure is a `DefinitionError`. */
export async function loadTaskDefinition(file: string): Promise<LoadedTaskDefinition> {
  const read = await readDefinitionJson(file, "task definition", definitionCaps.maxFileBytes);
  return { file: read.file, dir: read.dir, definition: parseTaskDefinition(read.json, file) };
}
