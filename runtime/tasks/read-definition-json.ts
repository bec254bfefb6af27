import { dirname, resolve } from "node:path";
import { DefinitionError, FileNotRegularError, FileTooLargeError, type Issue } from "../errors/index.js";
import { readBoundedText } from "../files/index.js";
import { parseJsonText } from "./json-syntax.js";

export interface DefinitionJson {
  /** Absolute path of the file. */
  readonly file: string;
  /** Folder relative paths inside the definition are resolved from. */
  readonly dir: string;
  readonly json: unknown;
}

/**
 * Reads a definition file (task or flow) as JSON. Definitions are configuration, not data: a
 * file over `maxBytes`, or anything but a regular file, is refused before it is read. Every
 * failure is a `DefinitionError` whose one issue says what went wrong (FILE_UNREADABLE,
 * FILE_NOT_REGULAR, FILE_TOO_LARGE, JSON_SYNTAX with the line and column).
 */
export async function readDefinitionJson(file: string, what: string, maxBytes: number): Promise<DefinitionJson> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readBoundedText(path, { maxBytes, what: `${what}s` });
  } catch (error) {
    throw new DefinitionError(what, [readIssue(error, what)], file);
  }
  const parsed = parseJsonText(text);
  if ("problem" in parsed) {
    const { line, column, message } = parsed.problem;
    throw new DefinitionError(what, [{ code: "JSON_SYNTAX", path: "(root)", message, line, column }], file);
  }
  return { file: path, dir: dirname(path), json: parsed.value };
}

function readIssue(error: unknown, what: string): Issue {
  if (error instanceof FileNotRegularError) {
    return {
      code: "FILE_NOT_REGULAR",
      path: "(root)",
      expected: "a regular file",
      actual: error.kind,
      message: `${what} file is a ${error.kind}`,
    };
  }
  if (error instanceof FileTooLargeError) {
    return {
      code: "FILE_TOO_LARGE",
      path: "(root)",
      expected: `at most ${error.maxBytes} bytes`,
      actual: `${error.size} bytes`,
      message: `${what} file is too large`,
    };
  }
  return { code: "FILE_UNREADABLE", path: "(root)", message: reason(error) };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
