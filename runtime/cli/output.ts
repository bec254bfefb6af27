import pc from "picocolors";
import { type ErrorCode, type Issue, WasmflowError } from "../index.js";
import { guestFrameLines } from "./guest-frames.js";

/**
 * Exit codes every command shares. `interrupted` (128 + SIGINT, what a shell reports for a process
 * Ctrl-C ended) is for a flow run that Ctrl-C cancelled: a script running commands in a loop tells
 * it from a run that failed, and stops as it would for any command the user interrupted.
 */
export const exitCodes = { ok: 0, failed: 1, invalid: 2, interrupted: 130 } as const;

/**
 * The exit code of a command that printed its result but did not succeed — a flow run that
 * failed or was cancelled prints the run and exits 1. `runCli` resets and reads it.
 */
export const commandOutcome = { exitCode: exitCodes.ok as number };

/**
 * Where a command's result goes: exactly one JSON document on stdout with `--json`, concise text
 * otherwise (colours come from picocolors, which turns them off when stdout is not a TTY or
 * NO_COLOR is set).
 */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
    /** `--verbose`: an unexpected error is printed with its stack. */
    readonly verbose = false,
  ) {}

  /** Whether a JSON document has gone to stdout in this process (at most one may). */
  static printedDocument = false;

  /** Prints the command's result: `data` as JSON, or the text `human()` renders. */
  result(data: unknown, human: () => string): void {
    if (this.json) this.document(data);
    else {
      const text = human();
      if (text !== "") this.stdout.write(`${text}\n`);
    }
  }

  private document(data: unknown): void {
    Output.printedDocument = true;
    this.stdout.write(documentOf(data));
  }

  /** Progress for people; silent in JSON mode so stdout stays one document. */
  progress(line: string): void {
    if (!this.json) this.stderr.write(`${line}\n`);
  }

  /** Prints an error and returns the exit code it maps to. */
  error(error: unknown): number {
    const { code, message, issues, details, exitCode } = describeError(error, this.verbose);
    if (this.json) {
      this.document({ error: { code, message, issues, details } });
    } else {
      this.stderr.write(`${pc.red("error")} ${pc.dim(`[${code}]`)} ${message}\n`);
      for (const line of guestFrameLines(error)) this.stderr.write(`${pc.dim(line)}\n`);
    }
    return exitCode;
  }
}

/** Writes one JSON document to stdout. */
function documentOf(data: unknown): string {
  return `${JSON.stringify(data, jsonReplacer, 2)}\n`;
}

function describeError(
  error: unknown,
  verbose: boolean,
): {
  code: ErrorCode;
  message: string;
  issues: readonly Issue[];
  details: Readonly<Record<string, unknown>>;
  exitCode: number;
} {
  if (error instanceof WasmflowError) {
    return {
      code: error.code,
      message: error.message,
      issues: error.issues,
      details: error.details,
      exitCode: error.category === "invalid" ? exitCodes.invalid : exitCodes.failed,
    };
  }
  // A bug of ours: said plainly, where to report it, and the stack only when asked for.
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = error instanceof Error && error.stack !== undefined ? error.stack : what;
  const message = verbose
    ? `unexpected error, a bug in wasmflow — please report it to the project's issue tracker with this output: ${stack}`
    : `unexpected error, a bug in wasmflow: ${what} — please report it to the project's issue tracker with the output of the same command run with --verbose`;
  return { code: "INTERNAL", message, issues: [], details: verbose ? { stack } : {}, exitCode: exitCodes.failed };
}

/** BigInt (u64 values) and typed arrays have no JSON form of their own. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return { bytes: value.byteLength };
  return value;
}
