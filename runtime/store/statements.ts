import type { SqliteRunResult, SqliteStatement } from "./sqlite.js";
import type { Store } from "./store.js";

/**
 * Prepared statements by SQL text, kept for the store's lifetime: preparing a statement costs
 * more than running it, and the record classes run the same few statements on every call.
 * Every query of the record classes passes through here, so here is where SQLite's errors become
 * the store's typed ones (see `storeFault`).
 */
export class Statements {
  private readonly prepared = new Map<string, Statement>();

  constructor(private readonly store: Store) {}

  sql(text: string): Statement {
    let statement = this.prepared.get(text);
    if (statement === undefined) {
      try {
        statement = new Statement(this.store.db.prepare(text), this.store);
      } catch (error) {
        throw this.store.fault(error);
      }
      this.prepared.set(text, statement);
    }
    return statement;
  }
}

/** A prepared statement whose SQLite errors come out as typed store errors. */
export class Statement {
  constructor(
    private readonly statement: SqliteStatement,
    private readonly store: Store,
  ) {}

  get(...params: unknown[]): unknown {
    try {
      return this.statement.get(...params);
    } catch (error) {
      throw this.store.fault(error);
    }
  }

  all(...params: unknown[]): unknown[] {
    try {
      return this.statement.all(...params);
    } catch (error) {
      throw this.store.fault(error);
    }
  }

  run(...params: unknown[]): SqliteRunResult {
    try {
      return this.statement.run(...params);
    } catch (error) {
      throw this.store.fault(error);
    }
  }
}
