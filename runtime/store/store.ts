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
  private readonly generations = new Map<string, number>();

  private constructor(db: SqliteDatabase, path: string) {
    this.db = db;
    this.path = path;
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
   * Counters that writers on this connection bump, for caches of data that other connections'
   * commits invalidate through `PRAGMA data_version` but this connection's own commits do not.
   */
  generation(key: string): number {
    return this.generations.get(key) ?? 0;
  }

  bump(key: string): void {
    this.generations.set(key, this.generation(key) + 1);
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
