import { mkdirSync } from "node:fs";
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

test("migrating a store with cancelled runs records their unfinished steps as cancelled", () => {
  const { home } = tempProject();
  // A store at schema version 2, as a wasmflow before step status `cancelled` left it.
  mkdirSync(home, { recursive: true });
  const db = new Database(join(home, databaseFileName));
  db.exec(migrations[0] as string);
  db.exec(migrations[1] as string);
  db.pragma("user_version = 2");
  const run = (id: string, status: string) =>
    db
      .prepare(
        `INSERT INTO runs (id, flow_name, flow_version, definition, definition_hash, pins, input, input_hash, status,
           created_at, updated_at, finished_at)
         VALUES (?, 'f', '1.0.0', ?, 'h', '{}', x'00', 'i', ?, 't0', 't1', 't1')`,
      )
      .run(id, JSON.stringify({ name: "f", steps: [{ id: "a" }, { id: "b" }, { id: "c" }] }), status);
  const step = (runId: string, stepId: string, status: string, error: string | null) =>
    db
      .prepare("INSERT INTO run_steps (run_id, step_id, status, attempts, error) VALUES (?, ?, ?, 1, ?)")
      .run(runId, stepId, status, error);
  const cancelled = JSON.stringify({ code: "CANCELLED", message: "the run was cancelled" });
  run("cancelled-run", "cancelled");
  step("cancelled-run", "a", "succeeded", null);
  step("cancelled-run", "b", "failed", cancelled);
  run("failed-run", "failed");
  step("failed-run", "a", "failed", JSON.stringify({ code: "TASK_FAILED", message: "no" }));
  db.close();

  const store = Store.open({ home });
  const rows = store.db
    .prepare("SELECT run_id, step_id, status, reason FROM run_steps ORDER BY run_id, step_id")
    .all() as { run_id: string; step_id: string; status: string; reason: string | null }[];
  store.close();
  expect(rows.map((row) => [row.run_id, row.step_id, row.status])).toEqual([
    ["cancelled-run", "a", "succeeded"],
    // Stopped by the cancel: cancelled, no longer failed.
    ["cancelled-run", "b", "cancelled"],
    // Never started: now has a row, cancelled, with the reason.
    ["cancelled-run", "c", "cancelled"],
    // A failed run's steps are left as they were.
    ["failed-run", "a", "failed"],
  ]);
  expect(rows.find((row) => row.step_id === "c")?.reason).toBe("the run was cancelled before this step started");
});
