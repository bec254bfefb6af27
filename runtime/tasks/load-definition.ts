import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { DefinitionError } from "../errors/index.js";
import { parseTaskDefinition, type TaskDefinition } from "./task-definition.js";

/** A definition file is configuration, not data: anything this large is a mistake or an attack. */
const maxDefinitionBytes = 1024 * 1024;

export interface LoadedTaskDefinition {
  /** Absolute path of the definition file. */
  readonly file: string;
  /** Folder the definition's relative paths (`source`, `module`) are resolved from. */
  readonly dir: string;
  readonly definition: TaskDefinition;
}

/** Reads, parses and validates a task definition file; every failure is a `DefinitionError`. */
export async function loadTaskDefinition(file: string): Promise<LoadedTaskDefinition> {
  const path = resolve(file);
  const text = await readDefinitionText(path, file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DefinitionError("task definition", [{ code: "JSON_SYNTAX", path: "(root)", message }], file);
  }
  return { file: path, dir: dirname(path), definition: parseTaskDefinition(json, file) };
}

async function readDefinitionText(path: string, shown: string): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("not a file");
    if (info.size > maxDefinitionBytes) {
      throw new DefinitionError(
        "task definition",
        [
          {
            code: "FILE_TOO_LARGE",
            path: "(root)",
            expected: `at most ${maxDefinitionBytes} bytes`,
            actual: `${info.size} bytes`,
            message: "definition file is too large",
          },
        ],
        shown,
      );
    }
    return await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof DefinitionError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DefinitionError("task definition", [{ code: "FILE_UNREADABLE", path: "(root)", message: reason }], shown);
  }
}
