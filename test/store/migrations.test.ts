import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "vitest";
import { databaseFileName, migrations, Store } from "../../runtime/store/index.js";
import { tempProject } from "../helpers/project.js";

test("a new store is migrated to the latest schema, in WAL mode", () => {
  const { home } = tempProject();
  const store = Store.open({ home });
  expect(store.db.pragma("user_version", { simple: true })).toBe(migrations.length);
  expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
  store.close();
  // Opening again applies nothing twice.
  Store.open({ home }).close();
});

test("a store from a newer wasmflow is refused, not damaged", () => {
  const { home } = tempProject();
  Store.open({ home }).close();
  const db = new Database(join(home, databaseFileName));
  db.pragma(`user_version = ${migrations.length + 5}`);
  db.close();
  expect(() => Store.open({ home })).toThrow(expect.objectContaining({ code: "STORE_ERROR" }));
  const check = new Database(join(home, databaseFileName));
  expect(check.pragma("user_version", { simple: true })).toBe(migrations.length + 5);
  check.close();
});
