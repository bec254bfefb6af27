/**
 * Base of every error wasmflow throws on purpose. Branded with a registry symbol so that
 * `instanceof` keeps working across realms and after an error was rebuilt from data sent
 * between threads.
 */
const brand = Symbol.for("wasmflow.error");

/** How a CLI exit code is chosen: `invalid` → 2 (input, definition, usage), `failed` → 1. */
export type ErrorCategory = "invalid" | "failed";

/** One problem inside a validation error: every problem of a definition or module is reported at once. */
export interface Issue {
  /** Stable machine-readable code, e.g. `MISSING_EXPORT`. */
  readonly code: string;
  /** Where the problem is: a JSON path into the definition, or `exports.run`, `imports.env.abort`… */
  readonly path: string;
  readonly expected?: string;
  readonly actual?: string;
  /** One line for a person. */
  readonly message: string;
}

export interface WasmflowErrorOptions {
  readonly cause?: unknown;
  readonly issues?: readonly Issue[];
  readonly details?: Readonly<Record<string, unknown>>;
}

export class WasmflowError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly issues: readonly Issue[];
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, category: ErrorCategory, message: string, options: WasmflowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.category = category;
    this.issues = options.issues ?? [];
    this.details = options.details ?? {};
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass `instanceof` was asked about.
    if (this === WasmflowError) return (value as Record<symbol, unknown>)[brand] === true;
    // biome-ignore lint/complexity/noThisInStatic: as above.
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }

  get [brand](): boolean {
    return true;
  }

  /** Plain data for `--json` output and for crossing a thread boundary. */
  toJSON(): { code: string; message: string; issues: readonly Issue[]; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, issues: this.issues, details: this.details };
  }
}

/** Formats issues as indented lines under a heading, the way every validation error prints. */
export function formatIssues(heading: string, issues: readonly Issue[]): string {
  if (issues.length === 0) return heading;
  return `${heading}\n${issues.map((issue) => `  - ${issue.path}: ${issue.message}`).join("\n")}`;
}
