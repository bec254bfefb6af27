import { afterAll, describe, expect, test } from "vitest";
import { eventsOfRow } from "../../../../runtime/flows/engine/event-rows.js";
import { SqliteRunStore, Store } from "../../../../runtime/store/index.js";
import { type Executed, execute } from "./harness.js";
import { MemoryRunStore } from "./memory-run-store.js";
import { type Case, joinScenario, rules } from "./scenarios.js";

// The run store is a seam: the journal writes rows as data and any backend applies them. The
// in-memory store the decision tests use must agree with SQLite, row for row and event for event,
// or those tests would prove nothing about the engine users run.

const store = Store.open({ home: ":memory:" });
afterAll(() => store.close());

const cases: readonly Case[] = [
  "succeeds",
  "succeeds on retry",
  "fails",
  "is on an arm not taken",
  "is cancelled mid-call",
];

/** What a backend holds after a run, without timestamps and durations. */
function holdings(backend: MemoryRunStore | SqliteRunStore, runId: string, run: Executed) {
  return {
    outcome: run.outcome.status,
    run: backend.run(runId)?.status,
    steps: backend
      .steps(runId)
      .map((row) => ({ ...row, started_at: row.started_at !== null, finished_at: row.finished_at !== null }))
      .sort((a, b) => a.step_id.localeCompare(b.step_id)),
    attempts: backend
      .attempts(runId)
      .map((row) => ({ ...row, started_at: undefined, finished_at: row.finished_at !== null, duration_ms: undefined }))
      .sort((a, b) => `${a.step_id}#${a.attempt}`.localeCompare(`${b.step_id}#${b.attempt}`)),
    // Durations are measured, not decided: they differ from run to run.
    events: backend
      .events(runId, 0, 10_000)
      .flatMap((row) => eventsOfRow(row).map((event) => ({ ...event, at: undefined, durationMs: undefined }))),
    lastSeq: backend.lastSeq(runId),
  };
}

describe("the in-memory run store and SQLite hold the same rows for the same run", () => {
  let counter = 0;
  for (const which of cases) {
    for (const rule of rules) {
      test(`b ${which}, j ${rule}`, async () => {
        counter += 1;
        const runId = `run-${counter}`;
        const memory = new MemoryRunStore();
        const sqlite = new SqliteRunStore(store);
        const inMemory = await execute(joinScenario(rule, which), memory, runId);
        const onDisk = await execute(joinScenario(rule, which), sqlite, runId);
        expect(onDisk.steps).toEqual(inMemory.steps);
        expect(onDisk.events).toEqual(inMemory.events);
        const held = holdings(sqlite, runId, onDisk);
        expect(held).toEqual(holdings(memory, runId, inMemory));
        expect(held.lastSeq).toBe(onDisk.emitted.length);
      });
    }
  }
});
