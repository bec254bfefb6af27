import {
  FileNotRegularError,
  FileTooLargeError,
  fileCaps,
  parseJsonText,
  readBoundedText,
  UsageError,
} from "../index.js";

export interface InputOptions {
  readonly input?: string;
  readonly inputFile?: string;
}

/**
 * The JSON input of `task run` / `flow run`, from `--input` or `--input-file`; undefined when
 * neither is given (a flow then uses its `initial` input). An input file that is not a regular
 * file, or is over `fileCaps.maxInputFileBytes`, is refused before it is read.
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
      text = await readBoundedText(options.inputFile, { maxBytes: fileCaps.maxInputFileBytes, what: "input files" });
    } catch (error) {
      if (error instanceof FileNotRegularError || error instanceof FileTooLargeError) throw error;
      throw new UsageError(
        `cannot read ${options.inputFile}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  } else {
    return undefined;
  }
  const parsed = parseJsonText(text);
  if ("problem" in parsed) throw new UsageError(`${source} is not JSON: ${parsed.problem.message}`);
  return parsed.value;
}
