import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { DefinitionError, type Issue } from "../errors/index.js";

export interface DefinitionJson {
  /** Absolute path of the file. */
  readonly file: string;
  /** Folder relative paths inside the definition are resolved from. */
  readonly dir: string;
  readonly json: unknown;
}

/**
 * Reads a definition file (task or flow) as JSON. Definitions are configuration, not data: a
 * file over `maxBytes` is refused before it is read. Every failure is a `DefinitionError` whose
 * one issue says what went wrong (FILE_UNREADABLE, FILE_TOO_LARGE, JSON_SYNTAX).
 */
export async function readDefinitionJson(file: string, what: string, maxBytes: number): Promise<DefinitionJson> {
  const path = resolve(file);
  const refuse = (issue: Issue) => new DefinitionError(what, [issue], file);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error(`${file} is not a file`);
    size = info.size;
  } catch (error) {
    throw refuse({ code: "FILE_UNREADABLE", path: "(root)", message: reason(error) });
  }
  if (size > maxBytes) {
    throw refuse({
      code: "FILE_TOO_LARGE",
      path: "(root)",
      expected: `at most ${maxBytes} bytes`,
      actual: `${size} bytes`,
      message: `${what} file is too large`,
    });
  }
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw refuse({ code: "FILE_UNREADABLE", path: "(root)", message: reason(error) });
  }
  try {
    return { file: path, dir: dirname(path), json: JSON.parse(text) };
  } catch (error) {
    throw refuse({ code: "JSON_SYNTAX", path: "(root)", message: reason(error) });
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
