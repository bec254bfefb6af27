import { notRegistered } from "./suggest.js";
import { formatIssues, type Issue, WasmflowError } from "./wasmflow-error.js";

/** Thrown when bytes are not a WebAssembly module V8 accepts, or cannot be parsed within our caps. */
export class ModuleParseError extends WasmflowError {
  static override readonly brand = "wasmflow.ModuleParseError";
  constructor(message: string, details: { offset?: number; size?: number } = {}, cause?: unknown) {
    super("MODULE_MALFORMED", message, { details, cause });
  }
}

/** Thrown at registration when a module does not match its task definition; lists every mismatch. */
export class TaskValidationError extends WasmflowError {
  static override readonly brand = "wasmflow.TaskValidationError";
  readonly task: string;
  constructor(task: string, issues: readonly Issue[]) {
    const plural = issues.length === 1 ? "problem" : "problems";
    super("TASK_INVALID", formatIssues(`task "${task}": ${issues.length} ${plural}`, issues), {
      issues,
      details: { task },
    });
    this.task = task;
  }
}

/** Thrown when a definition file (task or flow) is not valid JSON or does not match its schema. */
export class DefinitionError extends WasmflowError {
  static override readonly brand = "wasmflow.DefinitionError";
  readonly file: string | undefined;
  /** The name the definition declares, when it could be read: a broken definition is still known by it. */
  readonly definitionName: string | undefined;
  constructor(what: string, issues: readonly Issue[], file?: string, name?: string) {
    const where = file === undefined ? what : `${what} (${file})`;
    super("DEFINITION_INVALID", formatIssues(`invalid ${where}`, issues), {
      issues,
      details: { ...(file === undefined ? {} : { file }), ...(name === undefined ? {} : { name }) },
    });
    this.file = file;
    this.definitionName = name;
  }
}

/** Thrown when a definition's module path leaves its project root or names no readable file. */
export class ModulePathError extends WasmflowError {
  static override readonly brand = "wasmflow.ModulePathError";
  constructor(message: string, details: { module: string; root: string }) {
    super("MODULE_PATH_INVALID", message, { details });
  }
}

/**
 * Thrown when a task reference (`name` or `name@revision`) matches nothing in the registry. Given
 * the registered names, the message offers the closest (`details.suggestions`) or lists them.
 */
export class TaskNotFoundError extends WasmflowError {
  static override readonly brand = "wasmflow.TaskNotFoundError";
  constructor(reference: string, known?: readonly string[]) {
    const { message, suggestions } = notRegistered("task", reference, known);
    super("TASK_NOT_FOUND", message, { details: { reference, ...(suggestions === undefined ? {} : { suggestions }) } });
  }
}

/** Thrown when AssemblyScript compilation of a task fails; `issues` carry the compiler's diagnostics. */
export class BuildError extends WasmflowError {
  static override readonly brand = "wasmflow.BuildError";
  constructor(message: string, issues: readonly Issue[] = []) {
    super("BUILD_FAILED", formatIssues(message, issues), { issues });
  }
}

/**
 * Thrown when the store cannot be opened or migrated (for example, a database from a newer wasmflow),
 * or fails in a way none of the codes in `store-errors.ts` names (an I/O error, say).
 */
export class StoreError extends WasmflowError {
  static override readonly brand = "wasmflow.StoreError";
  constructor(message: string, cause?: unknown) {
    super("STORE_ERROR", message, { cause });
  }
}

/** Thrown when an option passed to the public API or the CLI is out of range. */
export class UsageError extends WasmflowError {
  static override readonly brand = "wasmflow.UsageError";
  constructor(message: string, options: { readonly issues?: readonly Issue[] } = {}) {
    super("USAGE", message, options.issues === undefined ? {} : { issues: options.issues });
  }
}

/** Thrown when a flow reference (`name` or `name@revision`) matches nothing in the registry; like `TaskNotFoundError`. */
export class FlowNotFoundError extends WasmflowError {
  static override readonly brand = "wasmflow.FlowNotFoundError";
  constructor(reference: string, known?: readonly string[]) {
    const { message, suggestions } = notRegistered("flow", reference, known);
    super("FLOW_NOT_FOUND", message, { details: { reference, ...(suggestions === undefined ? {} : { suggestions }) } });
  }
}

/** Thrown when no run has the id asked for. */
export class RunNotFoundError extends WasmflowError {
  static override readonly brand = "wasmflow.RunNotFoundError";
  constructor(id: string) {
    super("RUN_NOT_FOUND", `there is no run "${id}"`, { details: { id } });
  }
}

/**
 * Thrown when an idempotency key is reused with a different input: the key already names a run
 * of this flow, and running the new input under it would make the key mean two things.
 */
export class IdempotencyConflictError extends WasmflowError {
  static override readonly brand = "wasmflow.IdempotencyConflictError";
  constructor(flow: string, key: string, runId: string) {
    super(
      "IDEMPOTENCY_CONFLICT",
      `idempotency key "${key}" already names run ${runId} of flow "${flow}", started with a different input`,
      { details: { flow, key, runId } },
    );
  }
}
