import { basename } from "node:path";
import { type Issue, StoreCorruptError } from "../errors/index.js";
import { sha256 } from "./content-hash.js";
import type { Store } from "./store.js";

export interface StoreCheckOptions {
  /**
   * Run `PRAGMA quick_check` instead of `integrity_check`: linear in the store's size rather
   * than N log N, but it does not check that indexes match their tables. @default false
   */
  readonly quick?: boolean;
}

export interface StoreCheckReport {
  readonly path: string;
  /** True when no check found a problem. */
  readonly ok: boolean;
  readonly quick: boolean;
  /** Every problem found, by every check; empty when `ok`. */
  readonly issues: readonly Issue[];
  /** Rows whose stored hash was checked against their content. */
  readonly hashed: { readonly modules: number; readonly tasks: number; readonly flows: number; readonly runs: number };
  readonly durationMs: number;
}

/** At most this many problems from SQLite's check (its own default is 100). */
const maxSqliteIssues = 100;

/**
 * Checks the whole store: SQLite's integrity check (the structure of every page and index), its
 * foreign keys, then what SQLite cannot see — that every module's bytes and every stored
 * definition still match the sha256 they were stored under. A check that cannot read what it
 * checks reports that as an issue and the others still run; only a store that cannot be read at
 * all (busy, say) throws.
 */
export function checkStore(store: Store, options: StoreCheckOptions = {}): StoreCheckReport {
  const started = performance.now();
  const quick = options.quick === true;
  const file = basename(store.path);
  const issues: Issue[] = [];
  const hashed = { modules: 0, tasks: 0, flows: 0, runs: 0 };
  const run = (what: string, check: () => void): void => {
    try {
      check();
    } catch (error) {
      const fault = store.fault(error, "check");
      if (!(fault instanceof StoreCorruptError)) throw fault;
      for (const found of fault.issues) issues.push({ ...found, message: `${what}: ${found.message}` });
    }
  };
  const db = store.db;

  run(quick ? "quick check" : "integrity check", () => {
    const pragma = quick ? "quick_check" : "integrity_check";
    const lines = db.prepare(`PRAGMA ${pragma}(${maxSqliteIssues})`).pluck().all() as string[];
    if (lines.length === 1 && lines[0] === "ok") return;
    for (const line of lines) issues.push({ code: "SQLITE_INTEGRITY", path: file, message: line });
  });
  run("foreign key check", () => {
    const rows = db.prepare("PRAGMA foreign_key_check").all() as { table: string; rowid: number; parent: string }[];
    for (const row of rows) {
      issues.push({
        code: "FOREIGN_KEY",
        path: `${row.table}#${row.rowid}`,
        message: `refers to a row of ${row.parent} that is not there`,
      });
    }
  });
  run("modules", () => {
    // One module in memory at a time: a store may hold many large ones.
    for (const row of db.prepare("SELECT hash, bytes, size FROM modules").iterate() as Iterable<ModuleRow>) {
      hashed.modules += 1;
      if (!Buffer.isBuffer(row.bytes) || row.bytes.byteLength !== row.size || sha256(row.bytes) !== row.hash) {
        issues.push({
          code: "MODULE_HASH",
          path: `modules/${row.hash}`,
          message: "the module's bytes no longer match their sha256",
        });
      }
    }
  });
  const definitions = [
    ["tasks", "SELECT name || '@' || revision AS id, definition, definition_hash FROM tasks"],
    ["flows", "SELECT name || '@' || revision AS id, definition, definition_hash FROM flows"],
    ["runs", "SELECT id, definition, definition_hash FROM runs"],
  ] as const;
  for (const [table, sql] of definitions) {
    run(table, () => {
      for (const row of db.prepare(sql).iterate() as Iterable<DefinitionRow>) {
        hashed[table] += 1;
        if (typeof row.definition !== "string" || sha256(row.definition) !== row.definition_hash) {
          issues.push({
            code: "DEFINITION_HASH",
            path: `${table}/${row.id}`,
            message: "the stored definition no longer matches its sha256",
          });
        }
      }
    });
  }
  return { path: store.path, ok: issues.length === 0, quick, issues, hashed, durationMs: performance.now() - started };
}

interface ModuleRow {
  readonly hash: string;
  readonly bytes: Buffer;
  readonly size: number;
}

interface DefinitionRow {
  readonly id: string;
  readonly definition: string;
  readonly definition_hash: string;
}
