import { statfsSync } from "node:fs";
import { basename, dirname } from "node:path";
import Database from "better-sqlite3";
import {
  StoreBusyError,
  StoreCorruptError,
  StoreError,
  StoreFullError,
  StoreReadOnlyError,
  WasmflowError,
} from "../errors/index.js";

/** What a fault is reported against: the database file, and how long a lock was waited for. */
export interface FaultContext {
  readonly path: string;
  readonly busyTimeoutMs: number;
}

/**
 * The typed store error for what SQLite, or the file system under the store, threw: every SQLite
 * call of the store passes through here (`Statements`, `Store.write`, `Store.open`), so no raw
 * SQLite error reaches a caller. `doing` completes "cannot … the store" for faults without a code
 * of their own. A WasmflowError thrown inside a transaction, or a bug of ours, is returned as it is.
 */
export function storeFault(error: unknown, context: FaultContext, doing = "use"): unknown {
  if (error instanceof WasmflowError) return error;
  const { path } = context;
  if (error instanceof Database.SqliteError) {
    const fault = sqliteFault(error, context);
    return fault ?? new StoreError(`cannot ${doing} the store at ${path}: ${error.message} (${error.code})`, error);
  }
  const code = systemErrorCode(error);
  if (code === undefined) return error;
  if (code === "ENOSPC" || code === "EDQUOT") return new StoreFullError(path, error);
  if (code === "EROFS" || code === "EACCES" || code === "EPERM") return new StoreReadOnlyError(path, error);
  return new StoreError(`cannot ${doing} the store at ${path}: ${(error as Error).message}`, error);
}

function sqliteFault(
  error: InstanceType<typeof Database.SqliteError>,
  context: FaultContext,
): WasmflowError | undefined {
  const { path } = context;
  // Extended codes (SQLITE_IOERR_SHMSIZE, SQLITE_BUSY_RECOVERY…) refine a primary one.
  const primary = /^SQLITE_[A-Z]+/.exec(error.code)?.[0];
  switch (primary) {
    case "SQLITE_CORRUPT":
    case "SQLITE_NOTADB":
      return new StoreCorruptError(path, [{ code: primary, path: basename(path), message: error.message }], error);
    case "SQLITE_FULL":
      return new StoreFullError(path, error);
    case "SQLITE_BUSY":
    case "SQLITE_LOCKED":
      return new StoreBusyError(path, context.busyTimeoutMs, error);
    case "SQLITE_READONLY":
      if (error.code === "SQLITE_READONLY_DBMOVED") {
        return new StoreError(`the database file ${path} was moved or removed while wasmflow had it open`, error);
      }
      return new StoreReadOnlyError(path, error);
    case "SQLITE_PERM":
      return new StoreReadOnlyError(path, error);
    case "SQLITE_IOERR":
      // On a full disk SQLite reports SQLITE_FULL for its database and log files, but fails to
      // grow its shared-memory index with SQLITE_IOERR_SHMSIZE; other I/O errors are a full disk
      // only if the disk says so.
      if (error.code === "SQLITE_IOERR_SHMSIZE" || diskAlmostFull(path)) return new StoreFullError(path, error);
      return new StoreError(`the store at ${path} hit an I/O error: ${error.message} (${error.code})`, error);
    default:
      return undefined;
  }
}

const almostFullBytes = 1024 * 1024;

function diskAlmostFull(path: string): boolean {
  try {
    const disk = statfsSync(dirname(path));
    return disk.bavail * disk.bsize < almostFullBytes;
  } catch {
    return false;
  }
}

function systemErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : undefined;
}
