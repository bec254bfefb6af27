export type { BackupProgress, StoreBackupOptions, StoreBackupResult } from "./backup.js";
export { backupPagesPerStep } from "./backup.js";
export type { StoreCheckOptions, StoreCheckReport } from "./check.js";
export type { FlowRow } from "./flow-records.js";
export { FlowRecords } from "./flow-records.js";
export type { CommitSource } from "./group-commit.js";
export { GroupCommit } from "./group-commit.js";
export type { MigrationHook } from "./migrate.js";
export { migrations } from "./migrations.js";
export type {
  AttemptFinishRow,
  AttemptRow,
  AttemptStatus,
  EventRow,
  NewRun,
  RunListFilter,
  RunRow,
  RunStatus,
  RunSummaryRow,
  StepRow,
  StepStatus,
} from "./run-records.js";
export { RunRecords, runCountsQuery, runListQuery } from "./run-records.js";
export type { RunStore } from "./run-store.js";
export type { RunWrite } from "./run-writes.js";
export type {
  SqliteBackupOptions,
  SqliteBackupProgress,
  SqliteDatabase,
  SqliteRunResult,
  SqliteStatement,
  SqliteTransaction,
} from "./sqlite.js";
export { SqliteRunStore } from "./sqlite-run-store.js";
export { StampedCache } from "./stamped-cache.js";
export type { StoreOptions } from "./store.js";
export { databaseFileName, Store } from "./store.js";
export type { TaskRow } from "./task-records.js";
export { TaskRecords } from "./task-records.js";
export type { TokenRow, TokenScope } from "./token-records.js";
export { TokenRecords } from "./token-records.js";
