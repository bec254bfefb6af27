/**
 * The part of better-sqlite3's API the store uses, declared here. The store's public types
 * (`Store.db`, statements) name these rather than better-sqlite3's own, whose declarations come
 * from @types/better-sqlite3, a development dependency: so the package's type declarations need
 * nothing a user has not installed. `Store.open` assigns a real better-sqlite3 database to a
 * `SqliteDatabase`, so the compiler keeps this a part of the real API.
 */
export interface SqliteDatabase {
  /** False once the database was closed. */
  readonly open: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  /** `PRAGMA source`; with `simple`, only the first column of the first row. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /** `fn` wrapped in a transaction: `immediate()` takes the write lock at its start, `exclusive()` every lock. */
  transaction<T>(fn: () => T): SqliteTransaction<T>;
  /** SQLite's online backup to `file`; `progress` answers how many pages to copy next. */
  backup(file: string, options?: SqliteBackupOptions): Promise<SqliteBackupProgress>;
  close(): unknown;
}

export interface SqliteStatement {
  run(...params: unknown[]): SqliteRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** The statement itself, now returning only each row's first column. */
  pluck(toggle?: boolean): SqliteStatement;
}

export interface SqliteTransaction<T> {
  (): T;
  immediate(): T;
  exclusive(): T;
}

export interface SqliteRunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

export interface SqliteBackupProgress {
  readonly totalPages: number;
  readonly remainingPages: number;
}

export interface SqliteBackupOptions {
  progress: (progress: SqliteBackupProgress) => number;
}
