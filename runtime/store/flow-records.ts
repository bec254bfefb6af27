import { Statements } from "./statements.js";
import type { Store } from "./store.js";

export interface FlowRow {
  readonly name: string;
  readonly revision: number;
  readonly version: string;
  readonly definition: string;
  readonly definition_hash: string;
  readonly created_at: string;
}

const columns = "name, revision, version, definition, definition_hash, created_at";

/** SQL for registered flow revisions; `FlowRegistry` decides what the rows mean. */
export class FlowRecords {
  private readonly statements: Statements;

  constructor(store: Store) {
    this.statements = new Statements(store);
  }

  latest(name: string): FlowRow | undefined {
    return this.statements
      .sql(`SELECT ${columns} FROM flows WHERE name = ? AND removed_at IS NULL ORDER BY revision DESC LIMIT 1`)
      .get(name) as FlowRow | undefined;
  }

  revision(name: string, revision: number): FlowRow | undefined {
    return this.statements
      .sql(`SELECT ${columns} FROM flows WHERE name = ? AND revision = ? AND removed_at IS NULL`)
      .get(name, revision) as FlowRow | undefined;
  }

  /** Revisions are never reused, not even after removal, so `name@N` always means one thing. */
  nextRevision(name: string): number {
    const row = this.statements.sql("SELECT MAX(revision) AS max FROM flows WHERE name = ?").get(name) as {
      max: number | null;
    };
    return (row.max ?? 0) + 1;
  }

  insert(row: FlowRow): void {
    this.statements
      .sql(
        `INSERT INTO flows (${columns})
           VALUES (@name, @revision, @version, @definition, @definition_hash, @created_at)`,
      )
      .run(row);
  }

  /** The name of every flow with a live revision, sorted. */
  names(): string[] {
    const rows = this.statements.sql("SELECT DISTINCT name FROM flows WHERE removed_at IS NULL ORDER BY name").all();
    return (rows as { name: string }[]).map((row) => row.name);
  }

  /** The latest live revision of every flow, by name. */
  listLatest(): FlowRow[] {
    return this.statements
      .sql(
        `SELECT ${columns} FROM flows f WHERE removed_at IS NULL AND revision = (
           SELECT MAX(revision) FROM flows g WHERE g.name = f.name AND g.removed_at IS NULL)
         ORDER BY name`,
      )
      .all() as FlowRow[];
  }

  /** Marks revisions removed; runs keep their own copy of the definition. */
  remove(name: string, revision: number | undefined, now: string): number {
    const sql =
      revision === undefined
        ? "UPDATE flows SET removed_at = ? WHERE name = ? AND removed_at IS NULL"
        : "UPDATE flows SET removed_at = ? WHERE name = ? AND revision = ? AND removed_at IS NULL";
    const args = revision === undefined ? [now, name] : [now, name, revision];
    return this.statements.sql(sql).run(...args).changes;
  }
}
