import { type ErrorCode, exitCodeOf, type IssueCode } from "./codes.js";

/**
 * Base of every error wasmflow throws on purpose. Every class is branded with a name (`brand`),
 * and an instance lists the brands of its class and all its ancestors under a registry symbol, so
 * `instanceof` keeps working across realms (two copies of wasmflow in one process) and after an
 * error was rebuilt from data sent between threads.
 */
const brands = Symbol.for("wasmflow.errorBrands");

/** How a CLI exit code is chosen: `invalid` → 2 (input, definition, usage), `failed` → 1. */
export type ErrorCategory = "invalid" | "failed";

/** One problem inside a validation error: every problem of a definition or module is reported at once. */
export interface Issue {
  /** Stable machine-readable code, e.g. `MISSING_EXPORT` (see `issueCodes`). */
  readonly code: IssueCode;
  /** Where the problem is: a JSON path into the definition, or `exports.run`, `imports.env.abort`… */
  readonly path: string;
  readonly expected?: string;
  readonly actual?: string;
  /** One line for a person. */
  readonly message: string;
  /**
   * The same place with array indexes, when `path` names a flow step by its id:
   * `steps[1].input.words` for `steps.score.input.words`.
   */
  readonly at?: string;
  /** Known names close to `actual`, closest first: what was probably meant. */
  readonly suggestions?: readonly string[];
  /**
   * Problems that follow from this one and go away with it (a step whose task is unknown cannot
   * have its input checked); listed here instead of beside it.
   */
  readonly folded?: readonly Issue[];
  /** Line and column (from 1) in the file's text, for a problem found there (`JSON_SYNTAX`). */
  readonly line?: number;
  readonly column?: number;
}

export interface WasmflowErrorOptions {
  readonly cause?: unknown;
  readonly issues?: readonly Issue[];
  readonly details?: Readonly<Record<string, unknown>>;
}

export class WasmflowError extends Error {
  /** Stable: scripts match on it (see `errorCodes`). */
  readonly code: ErrorCode;
  /** Derived from the code: what decides the CLI's exit code. */
  readonly category: ErrorCategory;
  readonly issues: readonly Issue[];
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: WasmflowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.category = exitCodeOf(code) === 2 ? "invalid" : "failed";
    this.issues = options.issues ?? [];
    this.details = options.details ?? {};
  }

  /** The name `instanceof` matches this class by; each subclass declares its own. */
  static readonly brand: string = "wasmflow.WasmflowError";

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    const found = (value as Record<symbol, unknown>)[brands];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` was asked about.
    return Array.isArray(found) && found.includes(this.brand);
  }

  /** The brands of this error's class and of every class it extends. */
  get [brands](): string[] {
    const found: string[] = [];
    for (let proto = Object.getPrototypeOf(this); proto !== null; proto = Object.getPrototypeOf(proto)) {
      const brand = (proto.constructor as { brand?: unknown }).brand;
      if (typeof brand === "string" && Object.hasOwn(proto.constructor, "brand")) found.push(brand);
    }
    return found;
  }

  /** Plain data for `--json` output and for crossing a thread boundary. */
  toJSON(): { code: ErrorCode; message: string; issues: readonly Issue[]; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, issues: this.issues, details: this.details };
  }
}

/**
 * Formats issues as indented lines under a heading, the way every validation error prints; an
 * issue with follow-on problems folded under it says how many.
 */
export function formatIssues(heading: string, issues: readonly Issue[]): string {
  if (issues.length === 0) return heading;
  return `${heading}\n${issues.map((issue) => `  - ${issue.path}: ${issue.message}${foldedNote(issue)}`).join("\n")}`;
}

function foldedNote(issue: Issue): string {
  const count = issue.folded?.length ?? 0;
  if (count === 0) return "";
  return count === 1 ? " (1 follow-on problem folded)" : ` (${count} follow-on problems folded)`;
}
