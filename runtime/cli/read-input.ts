import { readFile } from "node:fs/promises";
import { UsageError } from "../errors/index.js";

export interface InputOptions {
  readonly input?: string;
  readonly inputFile?: string;
}

/**
 * The JSON input of `task run` / `flow run`, from `--input` or `--input-file`; undefined when
 * neither is given (a flow then uses its `initial` input).
 */
export async function readJsonInput(options: InputOptions): Promise<unknown> {
  let text: string;
  let source: string;
  if (options.input !== undefined) {
    text = options.input;
    source = "--input";
  } else if (options.inputFile !== undefined) {
    source = options.inputFile;
    try {
      text = await readFile(options.inputFile, "utf8");
    } catch (error) {
      throw new UsageError(
        `cannot read ${options.inputFile}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  } else {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
