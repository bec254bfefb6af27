import { StoreError } from "../errors/index.js";
import { migrations } from "./migrations.js";
import type { SqliteDatabase } from "./sqlite.js";

/**
 * Called in each migration step: `applied` inside its transaction, before the commit, and
 * `committed` after it. Only tests pass one, to stop a process at either point.
 */
export type MigrationHook = (version: number, stage: "applied" | "committed") => void;

/**
 * Brings the schema up to date. Every process opening a new home finds it unmigrated, so each
 * step takes the exclusive lock and reads `user_version` again inside it: exactly one process
 * applies a step, the others find it applied. Each step is one transaction: a crash leaves the
 * schema as it was before the step or after it. A store already up to date takes no lock.
 */
export function migrate(db: SqliteDatabase, path: string, hook?: MigrationHook): void {
  if (schemaVersion(db, path) === migrations.length) return;
  for (;;) {
    const applied = db
      .transaction((): number | undefined => {
        const current = schemaVersion(db, path);
        if (current === migrations.length) return undefined;
        db.exec(migrations[current] ?? "");
        db.pragma(`user_version = ${current + 1}`);
        hook?.(current + 1, "applied");
        return current + 1;
      })
      .exclusive();
    if (applied === undefined) return;
    hook?.(applied, "committed");
  }
}

function schemaVersion(db: SqliteDatabase, path: string): number {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > migrations.length) {
    throw new StoreError(
      `the store at ${path} has schema version ${version}, newer than this wasmflow understands (${migrations.length}); upgrade wasmflow`,
    );
  }
  return version;
}
