// The public library API of wasmflow. Only what is exported here (and `package.json` "exports") is public.

export type { BuildEvent, BuildOptions, BuildResult, BuiltModule } from "./build/index.js";
export { buildTasks } from "./build/index.js";
export type { ErrorCategory, ErrorCode, FileKind, Issue, TaskRunErrorCode, TrapKind } from "./errors/index.js";
export {
  BuildError,
  DefinitionError,
  FileNotRegularError,
  FileTooLargeError,
  FlowNotFoundError,
  IdempotencyConflictError,
  ModuleParseError,
  ModulePathError,
  RunFinishedError,
  RunNotFoundError,
  RunNotResumableError,
  StoreBusyError,
  StoreCorruptError,
  StoreError,
  StoreFullError,
  StoreReadOnlyError,
  TaskNotFoundError,
  TaskRunError,
  TaskValidationError,
  UsageError,
  WasmflowError,
} from "./errors/index.js";
/** Reads a file no larger than a cap, refusing what is not a regular file (as task and flow files are read). */
export { readBoundedText } from "./files/index.js";
export type {
  AttemptDetails,
  EdgeFacts,
  FeedEvent,
  FeedOptions,
  FlowDefinition,
  FlowEvent,
  FlowEventType,
  FlowGraph,
  FlowRegistrationResult,
  FlowRun,
  FlowRunResult,
  FlowRunStatus,
  GraphReport,
  HistoryOptions,
  LiveRun,
  RegisteredFlow,
  ReportedEdge,
  ResumeAnswer,
  RunDetails,
  RunError,
  RunFilter,
  RunPage,
  RunSummary,
  StartFlowOptions,
  StepDetails,
  StepError,
} from "./flows/index.js";
export {
  isTraceparent,
  loadFlowDefinition,
  maxRunsPerPage,
  parseFlowDefinition,
  toJsonValue,
  validateFlow,
} from "./flows/index.js";
export { resolveHome } from "./home.js";
export { inspectModuleFile } from "./inspect-file.js";
export type { DefinitionTargets, Project, ProjectConfig } from "./project/index.js";
export {
  loadProject,
  projectConfigFile,
  projectConfigJsonSchema,
  projectConfigSchema,
  resolveDefinitionTargets,
} from "./project/index.js";
export type {
  CallExecutor,
  InstanceMode,
  LogRecord,
  PoolOptions,
  RunnableTask,
  RunOptions,
  RunResult,
} from "./sandbox/index.js";
export { InThreadExecutor, TaskRunner, WorkerPool } from "./sandbox/index.js";
export type { InitOptions, InitResult, WrittenStatus } from "./scaffold/index.js";
export { initProject } from "./scaffold/index.js";
/** The shapes of a failed call's `details.source` and `details.frames`. */
export type { GuestFrame, SourcePosition } from "./source-maps/index.js";
export type {
  BackupProgress,
  StoreBackupOptions,
  StoreBackupResult,
  StoreCheckOptions,
  StoreCheckReport,
} from "./store/index.js";
export { backupPagesPerStep } from "./store/index.js";
export type {
  LoadedTaskDefinition,
  RegisteredTask,
  RegistrationResult,
  RetryPolicy,
  TaskDefinition,
  TaskDefinitionInput,
  TaskLimits,
  TaskReference,
} from "./tasks/index.js";
export {
  defaultRetryPolicy,
  defaultTaskLimits,
  fileCaps,
  findTaskDefinitionFiles,
  fromZodIssues,
  loadTaskDefinition,
  moduleCaps,
  parseJsonText,
  parseTaskDefinition,
  parseTaskReference,
  TaskRegistry,
  taskDefinitionJsonSchema,
  taskDefinitionSchema,
  valueJsonSchema,
} from "./tasks/index.js";
export type { CreatedToken, TokenInfo, TokenScope } from "./tokens/index.js";
export { TokenRegistry, tokenScopes } from "./tokens/index.js";
export type { ValueType } from "./values/index.js";
export { formatValueType, parseValueType } from "./values/index.js";
export type { ExportEntry, FuncSignature, ImportEntry, Limits, ModuleInfo } from "./wasm/index.js";
export { formatSignature, inspectModule } from "./wasm/index.js";
export type { CallObservation, DescribedFlow, WasmflowOptions } from "./wasmflow.js";
export { Wasmflow } from "./wasmflow.js";
