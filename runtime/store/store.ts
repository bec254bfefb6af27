import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { backupStore, type StoreBackupOptions, type StoreBackupResult } from "./backup.js";
import { resolveBusyTimeout } from "./busy-timeout.js";
import { checkStore, type StoreCheckOptions, type StoreCheckReport } from "./check.js";
import { inspectDatabaseFile } from "./database-file.js";
import { type MigrationHook, migrate } from "./migrate.js";
import { createDatabaseFile } from "./new-database.js";
import type { SqliteDatabase, SqliteStatement } from "./sqlite.js";
import { storeFault } from "./store-faults.js";

export interface StoreOptions {
  /** Folder holding the database; `":memory:"` for a throw-away store. */
  readonly home: string;
  /**
   * How long to wait for another process's lock before failing with STORE_BUSY, in milliseconds.
   * @default WASMFLOW_BUSY_TIMEOUT_MS, else 5000
   */
  readonly busyTimeoutMs?: number;
  /** For tests: called in each migration step (see `MigrationHook`). */
  readonly onMigrationStep?: MigrationHook;
}

/** File name of the database inside the home folder. */
export const databaseFileName = "wasmflow.db";

/**
 * The embedded SQLite store. WAL lets readers (`task list`, `runs show`) proceed while a writer
 * commits; a busy timeout makes concurrent CLI processes wait for each other instead of failing.
 * Every SQLite error comes out as a typed store error (see `fault`): STORE_CORRUPT, STORE_FULL,
 * STORE_BUSY, STORE_READONLY, or STORE_ERROR for the rest.
 */
export class Store {
  readonly db: SqliteDatabase;
  readonly path: string;
  readonly busyTimeoutMs: number;
  private readonly generations: Map<string, number>;
  /** `PRAGMA data_version` as read in this event-loop turn, if it was. */
  private dataVersion = 0;
  private dataVersionReadAt = Number.NEGATIVE_INFINITY;
  private dataVersionQuery: SqliteStatement | undefined;

  private constructor(db: SqliteDatabase, path: string, busyTimeoutMs: number) {
    this.db = db;
    this.path = path;
    this.busyTimeoutMs = busyTimeoutMs;
    this.generations = generationsOf(path);
  }

  /**
   * Opens the store, creating it only if its home holds no database file: a file that is there
   * but empty, cut short or not a database is STORE_CORRUPT, never replaced by a fresh store.
   */
  static open(options: StoreOptions): Store {
    const memory = options.home === ":memory:";
    const path = memory ? ":memory:" : join(resolve(options.home), databaseFileName);
    const busyTimeoutMs = resolveBusyTimeout(options.busyTimeoutMs);
    let db: SqliteDatabase | undefined;
    try {
      if (!memory) {
        mkdirSync(dirname(path), { recursive: true });
        if (inspectDatabaseFile(path) === "absent") createDatabaseFile(path);
      }
      db = new Database(path, { fileMustExist: !memory, timeout: busyTimeoutMs });
      db.pragma("journal_mode = WAL");
      db.pragma("foreign_keys = ON");
      db.pragma("synchronous = NORMAL");
      migrate(db, path, options.onMigrationStep);
    } catch (error) {
      db?.close();
      throw storeFault(error, { path, busyTimeoutMs }, "open");
    }
    return new Store(db, path, busyTimeoutMs);
  }

  /** The typed store error for what a SQLite call on this store threw (see `storeFault`). */
  fault(error: unknown, doing?: string): unknown {
    return storeFault(error, this, doing);
  }

  /**
   * Counters that writers in this process bump (shared by every connection to the same file), for
   * caches of data that `PRAGMA data_version` alone would not invalidate: it does not move on a
   * connection's own commits.
   */
  generation(key: string): number {
    return this.generations.get(key) ?? 0;
  }

  bump(key: string): void {
    this.generations.set(key, this.generation(key) + 1);
  }

  /**
   * Changes whenever the data under `key` may have changed, for caches in front of hot lookups
   * (the latest revision of a task or flow, resolved on every call). A write in this process is
   * seen at once (`bump`); a commit by another process within `dataVersionMaxAgeMs`: `PRAGMA
   * data_version` is read at most that often, because calls made back to back would otherwise each
   * pay a query for it (about 2 µs, a tenth of a call's whole cost on the main thread).
   */
  changeStamp(key: string): string {
    const now = performance.now();
    if (now - this.dataVersionReadAt >= dataVersionMaxAgeMs) {
      try {
        this.dataVersionQuery ??= this.db.prepare("PRAGMA data_version").pluck();
        this.dataVersion = this.dataVersionQuery.get() as number;
      } catch (error) {
        throw this.fault(error);
      }
      this.dataVersionReadAt = now;
    }
    return `${this.dataVersion}:${this.generation(key)}`;
  }

  /** Runs `fn` in a write transaction taken up front, so two processes never interleave a read-then-write. */
  write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      throw this.fault(error);
    }
  }

  /** Checks the store from end to end; problems are in the report, not thrown (see `checkStore`). */
  check(options?: StoreCheckOptions): StoreCheckReport {
    return checkStore(this, options);
  }

  /** Writes a consistent copy of the store to `file` while it stays in use (see `backupStore`). */
  backup(file: string, options?: StoreBackupOptions): Promise<StoreBackupResult> {
    return backupStore(this, file, options);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

// Generations per database file, so that every connection of this process to one file sees the
// others' writes at once; an in-memory database is private to its connection.
const generationsByFile = new Map<string, Map<string, number>>();

/** How stale this process's view of other processes' commits may be, in milliseconds (see `changeStamp`). */
const dataVersionMaxAgeMs = 1;

function generationsOf(path: string): Map<string, number> {
  if (path === ":memory:") return new Map();
  let generations = generationsByFile.get(path);
  if (generations === undefined) {
    generations = new Map();
    generationsByFile.set(path, generations);
  }
  return generations;
}
