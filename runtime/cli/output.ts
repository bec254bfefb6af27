import pc from "picocolors";
import { type Issue, WasmflowError } from "../errors/index.js";

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
  ) {}

  /** Prints the command's result: `data` as JSON, or the text `human()` renders. */
  result(data: unknown, human: () => string): void {
    if (this.json) this.stdout.write(`${JSON.stringify(data, jsonReplacer, 2)}\n`);
    else {
      const text = human();
      if (text !== "") this.stdout.write(`${text}\n`);
    }
  }

  /** Progress for people; silent in JSON mode so stdout stays one document. */
  progress(line: string): void {
    if (!this.json) this.stderr.write(`${line}\n`);
  }

  /** Prints an error and returns the exit code it maps to. */
  error(error: unknown): number {
    const { code, message, issues, details, exitCode } = describeError(error);
    if (this.json) {
      this.stdout.write(`${JSON.stringify({ error: { code, message, issues, details } }, jsonReplacer, 2)}\n`);
    } else {
      this.stderr.write(`${pc.red("error")} ${pc.dim(`[${code}]`)} ${message}\n`);
    }
    return exitCode;
  }
}

function describeError(error: unknown): {
  code: string;
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
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { code: "INTERNAL", message, issues: [], details: {}, exitCode: exitCodes.failed };
}

/** BigInt (u64 values) and typed arrays have no JSON form of their own. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return { bytes: value.byteLength };
  return value;
}
