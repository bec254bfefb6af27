export type { ErrorCode, ExitCode, IssueCode } from "./codes.js";
export { errorCodes, exitCodeOf, isErrorCode, isIssueCode, issueCodes } from "./codes.js";
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
export { type FileKind, FileNotRegularError, FileTooLargeError } from "./file-errors.js";
export { FilesExistError } from "./project-errors.js";
export { RunFinishedError, RunNotResumableError } from "./run-errors.js";
export { StoreBusyError, StoreCorruptError, StoreFullError, StoreReadOnlyError } from "./store-errors.js";
export type { Suggestion } from "./suggest.js";
export { didYouMean, meant, nearest, notRegistered, SuggestionBudget, suggest } from "./suggest.js";
export type { TaskRunErrorCode, TrapKind } from "./task-run-error.js";
export { TaskRunError } from "./task-run-error.js";
export type { ErrorCategory, Issue, WasmflowErrorOptions } from "./wasmflow-error.js";
export { formatIssues, WasmflowError } from "./wasmflow-error.js";
