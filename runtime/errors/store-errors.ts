import { formatIssues, type Issue, WasmflowError } from "./wasmflow-error.js";

// The store's faults. Each is category `failed` (exit code 1): the command was valid, the store
// could not serve it. Every message names the database file and says what to do; `details.path`
// carries the file for scripts.

/**
 * Thrown when the database file is damaged: empty, truncated, not a SQLite database, or found
 * corrupt while reading (SQLITE_CORRUPT, SQLITE_NOTADB, a module whose bytes no longer match its
 * hash). `issues` say what is damaged. wasmflow never replaces such a file with a fresh store.
 */
export class StoreCorruptError extends WasmflowError {
  static override readonly brand = "wasmflow.StoreCorruptError";
  constructor(path: string, issues: readonly Issue[], cause?: unknown) {
    super(
      "STORE_CORRUPT",
      formatIssues(
        `the store at ${path} is damaged; restore it from a backup, or move the file aside to start a fresh store (\`wasmflow store check\` lists the damage)`,
        issues,
      ),
      { issues, details: { path }, cause },
    );
  }
}

/**
 * Thrown when the disk holding the store is full (SQLITE_FULL, ENOSPC, or SQLite's shared-memory
 * file could not grow). The write that hit it was rolled back: what was committed before is intact.
 */
export class StoreFullError extends WasmflowError {
  static override readonly brand = "wasmflow.StoreFullError";
  constructor(path: string, cause?: unknown) {
    super(
      "STORE_FULL",
      `no space left on the disk of the store at ${path}; free some space and run the command again (nothing committed was lost)`,
      { details: { path }, cause },
    );
  }
}

/**
 * Thrown when another process held the store's lock for longer than the busy timeout
 * (SQLITE_BUSY, SQLITE_LOCKED). Nothing was written; the same command can simply be run again.
 */
export class StoreBusyError extends WasmflowError {
  static override readonly brand = "wasmflow.StoreBusyError";
  constructor(path: string, timeoutMs: number, cause?: unknown) {
    super(
      "STORE_BUSY",
      `the store at ${path} stayed locked by another process for ${timeoutMs} ms; run the command again when it is done (WASMFLOW_BUSY_TIMEOUT_MS waits longer)`,
      { details: { path, timeoutMs }, cause },
    );
  }
}

/**
 * Thrown when the store may not be written: its folder or database file is read-only for this
 * user, or on a read-only file system (SQLITE_READONLY, EACCES, EROFS). A read-only folder also
 * stops reads: SQLite needs to create its `-wal` and `-shm` files beside the database.
 */
export class StoreReadOnlyError extends WasmflowError {
  static override readonly brand = "wasmflow.StoreReadOnlyError";
  constructor(path: string, cause?: unknown) {
    super(
      "STORE_READONLY",
      `the store at ${path} cannot be written: its folder or file is read-only for this user; make both writable, or point --home at a writable copy`,
      { details: { path }, cause },
    );
  }
}
