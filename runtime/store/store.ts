import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { StoreError } from "../errors/index.js";
import { migrations } from "./migrations.js";

export type SqliteDatabase = Database.Database;

export interface StoreOptions {
  /** Folder holding the database; `":memory:"` for a throw-away store. */
  readonly home: string;
}

/** File name of the database inside the home folder. */
export const databaseFileName = "wasmflow.db";

/**
 * The embedded SQLite store. WAL lets readers (`task list`, `runs show`) proceed while a writer
 * commits; a busy timeout makes concurrent CLI processes wait for each other instead of failing.
 */
export class Store {
  readonly db: SqliteDatabase;
  readonly path: string;
  private readonly generations: Map<string, number>;
  /** `PRAGMA data_version` as read in this event-loop turn, if it was. */
  private dataVersion = 0;
  private dataVersionReadAt = Number.NEGATIVE_INFINITY;
  private dataVersionQuery: Database.Statement | undefined;

  private constructor(db: SqliteDatabase, path: string) {
    this.db = db;
    this.path = path;
    this.generations = generationsOf(path);
  }

  static open(options: StoreOptions): Store {
    const path = options.home === ":memory:" ? ":memory:" : join(resolve(options.home), databaseFileName);
    let db: SqliteDatabase;
    try {
      if (path !== ":memory:") mkdirSync(resolve(options.home), { recursive: true });
      db = new Database(path);
      db.pragma("journal_mode = WAL");
      db.pragma("busy_timeout = 5000");
      db.pragma("foreign_keys = ON");
      db.pragma("synchronous = NORMAL");
    } catch (error) {
      throw new StoreError(`cannot open the store at ${path}: ${describe(error)}`, error);
    }
    const store = new Store(db, path);
    try {
      store.migrate();
    } catch (error) {
      db.close();
      throw error;
    }
    return store;
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
      this.dataVersionQuery ??= this.db.prepare("PRAGMA data_version").pluck();
      this.dataVersion = this.dataVersionQuery.get() as number;
      this.dataVersionReadAt = now;
    }
    return `${this.dataVersion}:${this.generation(key)}`;
  }

  /** Runs `fn` in a write transaction taken up front, so two processes never interleave a read-then-write. */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private migrate(): void {
    const current = this.db.pragma("user_version", { simple: true }) as number;
    if (current > migrations.length) {
      throw new StoreError(
        `the store at ${this.path} has schema version ${current}, newer than this wasmflow understands (${migrations.length}); upgrade wasmflow`,
      );
    }
    for (let version = current; version < migrations.length; version += 1) {
      const sql = migrations[version] ?? "";
      this.write(() => {
        this.db.exec(sql);
        this.db.pragma(`user_version = ${version + 1}`);
      });
    }
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
