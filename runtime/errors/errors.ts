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
  constructor(what: string, issues: readonly Issue[], file?: string) {
    const where = file === undefined ? what : `${what} (${file})`;
    super("DEFINITION_INVALID", formatIssues(`invalid ${where}`, issues), {
      issues,
      details: file === undefined ? {} : { file },
    });
    this.file = file;
  }
}

/** Thrown when a definition's module path leaves its project root or names no readable file. */
export class ModulePathError extends WasmflowError {
  static override readonly brand = "wasmflow.ModulePathError";
  constructor(message: string, details: { module: string; root: string }) {
    super("MODULE_PATH_INVALID", message, { details });
  }
}

/** Thrown when a task reference (`name` or `name@revision`) matches nothing in the registry. */
export class TaskNotFoundError extends WasmflowError {
  static override readonly brand = "wasmflow.TaskNotFoundError";
  constructor(reference: string) {
    super("TASK_NOT_FOUND", `task "${reference}" is not registered`, { details: { reference } });
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

/** Thrown when a flow reference (`name` or `name@revision`) matches nothing in the registry. */
export class FlowNotFoundError extends WasmflowError {
  static override readonly brand = "wasmflow.FlowNotFoundError";
  constructor(reference: string) {
    super("FLOW_NOT_FOUND", `flow "${reference}" is not registered`, { details: { reference } });
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
