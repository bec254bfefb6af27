import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { DefinitionError, type Issue } from "../../errors/index.js";
import { flowLimits } from "./limits.js";
import { type FlowDefinition, parseFlowDefinition } from "./parse-flow.js";

export interface LoadedFlowDefinition {
  /** Absolute path of the definition file. */
  readonly file: string;
  /** Folder of the definition file. */
  readonly dir: string;
  readonly definition: FlowDefinition;
}

/** Reads, parses and validates a flow definition file; every failure is a `DefinitionError`. */
export async function loadFlowDefinition(file: string): Promise<LoadedFlowDefinition> {
  const path = resolve(file);
  const text = await readDefinitionText(path, file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw fileError(file, { code: "JSON_SYNTAX", path: "(root)", message });
  }
  return { file: path, dir: dirname(path), definition: parseFlowDefinition(json, file) };
}

async function readDefinitionText(path: string, shown: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error(`${shown} is not a file`);
    size = info.size;
  } catch (error) {
    throw fileError(shown, { code: "FILE_UNREADABLE", path: "(root)", message: reason(error) });
  }
  if (size > flowLimits.maxFileBytes) {
    throw fileError(shown, {
      code: "FILE_TOO_LARGE",
      path: "(root)",
      expected: `at most ${flowLimits.maxFileBytes} bytes`,
      actual: `${size} bytes`,
      message: "flow definition file is too large",
    });
  }
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw fileError(shown, { code: "FILE_UNREADABLE", path: "(root)", message: reason(error) });
  }
}

function fileError(file: string, issue: Issue): DefinitionError {
  return new DefinitionError("flow definition", [issue], file);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
