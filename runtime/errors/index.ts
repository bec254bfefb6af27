export {
  BuildError,
  DefinitionError,
  FlowNotFoundError,
  IdempotencyConflictError,
  ModuleParseError,
  ModulePathError,
  RunNotFoundError,
  StoreError,
  TaskNotFoundError,
  TaskValidationError,
  UsageError,
} from "./errors.js";
export { RunFinishedError, RunNotResumableError } from "./run-errors.js";
export type { TaskRunErrorCode, TrapKind } from "./task-run-error.js";
export { TaskRunError } from "./task-run-error.js";
export type { ErrorCategory, Issue, WasmflowErrorOptions } from "./wasmflow-error.js";
export { formatIssues, WasmflowError } from "./wasmflow-error.js";
