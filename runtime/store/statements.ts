import type Database from "better-sqlite3";
import type { Store } from "./store.js";

/**
 * Prepared statements by SQL text, kept for the store's lifetime: preparing a statement costs
 * more than running it, and the record classes run the same few statements on every call.
 */
export class Statements {
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(private readonly store: Store) {}

  sql(text: string): Database.Statement {
    let statement = this.prepared.get(text);
    if (statement === undefined) {
      statement = this.store.db.prepare(text);
      this.prepared.set(text, statement);
    }
    return statement;
  }
}
