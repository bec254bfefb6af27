import { StoreCorruptError } from "../errors/index.js";
import { sha256 } from "./content-hash.js";
import { type Statement, Statements } from "./statements.js";
import type { Store } from "./store.js";

export interface TaskRow {
  readonly name: string;
  readonly revision: number;
  readonly version: string;
  readonly abi: string;
  readonly definition: string;
  readonly definition_hash: string;
  readonly module_hash: string;
  readonly created_at: string;
  /** The memory maximum registration wrote into the module, in pages; null when it wrote none. */
  readonly memory_imposed_pages: number | null;
  /** The maximum the module declared before that, in pages; null when it declared none or none was imposed. */
  readonly memory_declared_pages: number | null;
  readonly size: number;
}

const columns = `t.name, t.revision, t.version, t.abi, t.definition, t.definition_hash, t.module_hash, t.created_at,
  i.pages AS memory_imposed_pages, i.declared_pages AS memory_declared_pages, m.size`;
/** Task revisions with their module and, when one was imposed, their memory maximum. */
const taskJoins = `tasks t JOIN modules m ON m.hash = t.module_hash
  LEFT JOIN task_memory_imposed i ON i.name = t.name AND i.revision = t.revision`;

/** SQL for modules and task revisions; callers decide what the rows mean. */
export class TaskRecords {
  private readonly statements: Statements;

  constructor(private readonly store: Store) {
    this.statements = new Statements(store);
  }

  private sql(text: string): Statement {
    return this.statements.sql(text);
  }

  putModule(hash: string, bytes: Uint8Array, now: string): void {
    this.sql("INSERT OR IGNORE INTO modules (hash, bytes, size, created_at) VALUES (?, ?, ?, ?)").run(
      hash,
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      bytes.byteLength,
      now,
    );
  }

  /**
   * The module's bytes, checked against the hash they are stored under: SQLite notices damage to
   * its pages' structure, not to the values in them, and a damaged module is a damaged store, not
   * a guest that fails to compile. Modules are read once per process (the runner keeps them).
   */
  moduleBytes(hash: string): Uint8Array | undefined {
    const row = this.sql("SELECT bytes FROM modules WHERE hash = ?").get(hash) as { bytes: Buffer } | undefined;
    if (row === undefined) return undefined;
    if (sha256(row.bytes) !== hash) {
      throw new StoreCorruptError(this.store.path, [
        { code: "MODULE_HASH", path: `modules/${hash}`, message: "the module's bytes no longer match their sha256" },
      ]);
    }
    return new Uint8Array(row.bytes);
  }

  /**
   * The live revision of `name` with exactly this definition and module, if any. Modules that
   * declared different memory maxima can be stored as the same bytes once a maximum is imposed on
   * them: what each declared is part of what identifies a revision.
   */
  findIdentical(
    name: string,
    definitionHash: string,
    moduleHash: string,
    memory: Pick<TaskRow, "memory_imposed_pages" | "memory_declared_pages">,
  ): TaskRow | undefined {
    return this.sql(
      `SELECT ${columns} FROM ${taskJoins}
         WHERE t.name = ? AND t.definition_hash = ? AND t.module_hash = ? AND t.removed_at IS NULL
           AND i.pages IS ? AND i.declared_pages IS ?
         ORDER BY t.revision DESC LIMIT 1`,
    ).get(name, definitionHash, moduleHash, memory.memory_imposed_pages, memory.memory_declared_pages) as
      | TaskRow
      | undefined;
  }

  /** Revisions are never reused, not even after removal, so `name@N` always means one thing. */
  nextRevision(name: string): number {
    const row = this.sql("SELECT MAX(revision) AS max FROM tasks WHERE name = ?").get(name) as {
      max: number | null;
    };
    return (row.max ?? 0) + 1;
  }

  /** Inserts a revision, and what was imposed on its memory when anything was; call it inside a write. */
  insertTask(row: Omit<TaskRow, "size">): void {
    const { memory_imposed_pages: pages, memory_declared_pages: declared, ...task } = row;
    this.sql(
      `INSERT INTO tasks (name, revision, version, abi, definition, definition_hash, module_hash, created_at)
         VALUES (@name, @revision, @version, @abi, @definition, @definition_hash, @module_hash, @created_at)`,
    ).run(task);
    if (pages === null) return;
    this.sql("INSERT INTO task_memory_imposed (name, revision, pages, declared_pages) VALUES (?, ?, ?, ?)").run(
      row.name,
      row.revision,
      pages,
      declared,
    );
  }

  latest(name: string): TaskRow | undefined {
    return this.sql(
      `SELECT ${columns} FROM ${taskJoins}
         WHERE t.name = ? AND t.removed_at IS NULL ORDER BY t.revision DESC LIMIT 1`,
    ).get(name) as TaskRow | undefined;
  }

  revision(name: string, revision: number): TaskRow | undefined {
    return this.sql(
      `SELECT ${columns} FROM ${taskJoins}
         WHERE t.name = ? AND t.revision = ? AND t.removed_at IS NULL`,
    ).get(name, revision) as TaskRow | undefined;
  }

  /** `name@N` even if it was removed since: runs stay pinned to the revisions they started with. */
  pinnedRevision(name: string, revision: number): TaskRow | undefined {
    return this.sql(
      `SELECT ${columns} FROM ${taskJoins}
         WHERE t.name = ? AND t.revision = ?`,
    ).get(name, revision) as TaskRow | undefined;
  }

  revisions(name: string): TaskRow[] {
    return this.sql(
      `SELECT ${columns} FROM ${taskJoins}
         WHERE t.name = ? AND t.removed_at IS NULL ORDER BY t.revision`,
    ).all(name) as TaskRow[];
  }

  /** The name of every task with a live revision, sorted. */
  names(): string[] {
    const rows = this.sql("SELECT DISTINCT name FROM tasks WHERE removed_at IS NULL ORDER BY name").all();
    return (rows as { name: string }[]).map((row) => row.name);
  }

  /** The latest live revision of every task, by name. */
  listLatest(): TaskRow[] {
    return this.sql(
      `SELECT ${columns} FROM ${taskJoins}
         WHERE t.removed_at IS NULL AND t.revision = (
           SELECT MAX(revision) FROM tasks u WHERE u.name = t.name AND u.removed_at IS NULL)
         ORDER BY t.name`,
    ).all() as TaskRow[];
  }

  /**
   * Marks revisions removed rather than deleting them: modules and definitions stay, so anything
   * recorded against them (runs, later) keeps its meaning.
   */
  remove(name: string, revision: number | undefined, now: string): number {
    const sql =
      revision === undefined
        ? "UPDATE tasks SET removed_at = ? WHERE name = ? AND removed_at IS NULL"
        : "UPDATE tasks SET removed_at = ? WHERE name = ? AND revision = ? AND removed_at IS NULL";
    const args = revision === undefined ? [now, name] : [now, name, revision];
    return this.sql(sql).run(...args).changes;
  }
}
