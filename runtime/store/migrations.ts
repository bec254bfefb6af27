/**
 * Schema migrations, applied in order inside one transaction each; `PRAGMA user_version` records
 * how many have run. Never edit a migration that has shipped: append a new one.
 */
export const migrations: readonly string[] = [
  `CREATE TABLE modules (
     hash       TEXT PRIMARY KEY,
     bytes      BLOB NOT NULL,
     size       INTEGER NOT NULL,
     created_at TEXT NOT NULL
   ) STRICT;
   CREATE TABLE tasks (
     name            TEXT NOT NULL,
     revision        INTEGER NOT NULL,
     version         TEXT NOT NULL,
     abi             TEXT NOT NULL,
     definition      TEXT NOT NULL,
     definition_hash TEXT NOT NULL,
     module_hash     TEXT NOT NULL REFERENCES modules(hash),
     created_at      TEXT NOT NULL,
     removed_at      TEXT,
     PRIMARY KEY (name, revision)
   ) STRICT;
   CREATE INDEX tasks_by_identity ON tasks (name, definition_hash, module_hash);`,
  `CREATE TABLE flows (
     name            TEXT NOT NULL,
     revision        INTEGER NOT NULL,
     version         TEXT NOT NULL,
     definition      TEXT NOT NULL,
     definition_hash TEXT NOT NULL,
     created_at      TEXT NOT NULL,
     removed_at      TEXT,
     PRIMARY KEY (name, revision)
   ) STRICT;
   -- A run keeps its own copy of the definition and the task revisions it pinned at start, so a
   -- resumed run executes exactly what the interrupted one would have.
   CREATE TABLE runs (
     id               TEXT PRIMARY KEY,
     flow_name        TEXT NOT NULL,
     flow_revision    INTEGER,
     flow_version     TEXT NOT NULL,
     definition       TEXT NOT NULL,
     definition_hash  TEXT NOT NULL,
     pins             TEXT NOT NULL,
     input            BLOB NOT NULL,
     input_hash       TEXT NOT NULL,
     idempotency_key  TEXT,
     status           TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
     output           BLOB,
     error            TEXT,
     owner            TEXT,
     cancel_requested INTEGER NOT NULL DEFAULT 0,
     created_at       TEXT NOT NULL,
     updated_at       TEXT NOT NULL,
     finished_at      TEXT
   ) STRICT;
   CREATE UNIQUE INDEX runs_by_idempotency_key ON runs (flow_name, idempotency_key)
     WHERE idempotency_key IS NOT NULL;
   CREATE INDEX runs_by_status ON runs (status, created_at);
   CREATE INDEX runs_by_flow ON runs (flow_name, created_at);
   CREATE TABLE run_steps (
     run_id      TEXT NOT NULL REFERENCES runs(id),
     step_id     TEXT NOT NULL,
     status      TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
     attempts    INTEGER NOT NULL DEFAULT 0,
     arm         INTEGER,
     output      BLOB,
     error       TEXT,
     reason      TEXT,
     started_at  TEXT,
     finished_at TEXT,
     PRIMARY KEY (run_id, step_id)
   ) STRICT;
   CREATE TABLE step_attempts (
     run_id      TEXT NOT NULL REFERENCES runs(id),
     step_id     TEXT NOT NULL,
     attempt     INTEGER NOT NULL,
     status      TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted', 'cancelled')),
     task        TEXT NOT NULL,
     module_hash TEXT NOT NULL,
     input       BLOB,
     output      BLOB,
     error       TEXT,
     logs        TEXT,
     started_at  TEXT NOT NULL,
     finished_at TEXT,
     duration_ms REAL,
     PRIMARY KEY (run_id, step_id, attempt)
   ) STRICT;`,
  // A step of a cancelled run that had not finished — its call stopped, or never started — is
  // \`cancelled\`. SQLite cannot change a CHECK constraint in place, so run_steps is rebuilt with
  // the same rows; cancelled runs recorded before this get the same reading: a step the cancel
  // stopped (failed with CANCELLED) becomes cancelled, and a step that never started gets a row.
  `CREATE TABLE run_steps_new (
     run_id      TEXT NOT NULL REFERENCES runs(id),
     step_id     TEXT NOT NULL,
     status      TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'cancelled')),
     attempts    INTEGER NOT NULL DEFAULT 0,
     arm         INTEGER,
     output      BLOB,
     error       TEXT,
     reason      TEXT,
     started_at  TEXT,
     finished_at TEXT,
     PRIMARY KEY (run_id, step_id)
   ) STRICT;
   INSERT INTO run_steps_new SELECT * FROM run_steps;
   DROP TABLE run_steps;
   ALTER TABLE run_steps_new RENAME TO run_steps;
   UPDATE run_steps SET status = 'cancelled'
     WHERE status = 'failed' AND json_extract(error, '$.code') = 'CANCELLED'
       AND run_id IN (SELECT id FROM runs WHERE status = 'cancelled');
   INSERT INTO run_steps (run_id, step_id, status, attempts, reason, finished_at)
     SELECT runs.id, json_extract(step.value, '$.id'), 'cancelled', 0,
            'the run was cancelled before this step started', runs.finished_at
       FROM runs, json_each(runs.definition, '$.steps') AS step
       WHERE runs.status = 'cancelled'
     ON CONFLICT (run_id, step_id) DO NOTHING;`,
  // Every event of a run, numbered from 1 per run and written in the transaction of the state it
  // describes: the history another process follows, and that a stream replays after a restart.
  // One row holds the events of one commit of one run (\`seq\` to \`last_seq\`), in MessagePack
  // (values keep their 64-bit integers and bytes): a row per commit, not per event, keeps the
  // history's cost to one insert where the state it describes takes several.
  `CREATE TABLE run_events (
     run_id   TEXT NOT NULL REFERENCES runs(id),
     seq      INTEGER NOT NULL,
     last_seq INTEGER NOT NULL,
     body     BLOB NOT NULL,
     PRIMARY KEY (run_id, seq)
   ) STRICT, WITHOUT ROWID;`,
  // Listing runs newest first, a page at a time (after a cursor: the last row's created_at and
  // id), with or without a status or flow: each of these indexes holds the list in that order, so
  // a page costs its own rows whatever the number of runs, where the old two made SQLite sort them all.
  `CREATE INDEX runs_by_created ON runs (created_at, id);
   DROP INDEX runs_by_status;
   CREATE INDEX runs_by_status ON runs (status, created_at, id);
   DROP INDEX runs_by_flow;
   CREATE INDEX runs_by_flow ON runs (flow_name, created_at, id);`,
  // Access tokens of the HTTP API: only a hash of each secret is kept (the secret is shown once,
  // when it is made); a revoked token keeps its row, so the list says when it was revoked.
  `CREATE TABLE tokens (
     id         TEXT PRIMARY KEY,
     name       TEXT,
     scope      TEXT NOT NULL CHECK (scope IN ('read', 'run', 'admin')),
     hash       TEXT NOT NULL,
     created_at TEXT NOT NULL,
     revoked_at TEXT
   ) STRICT;`,
  // The W3C trace context of the request that started a run, so an upstream trace can find it.
  "ALTER TABLE runs ADD COLUMN traceparent TEXT;",
  // Every run's history in one order: `pos` numbers the rows as they commit, across runs and
  // processes, so a stream of all runs (`GET /v1/events`) resumes from a position. Rows already
  // stored keep their runs' order, oldest run first.
  `CREATE TABLE run_events_new (
     pos      INTEGER PRIMARY KEY,
     run_id   TEXT NOT NULL REFERENCES runs(id),
     seq      INTEGER NOT NULL,
     last_seq INTEGER NOT NULL,
     body     BLOB NOT NULL,
     UNIQUE (run_id, seq)
   ) STRICT;
   INSERT INTO run_events_new (run_id, seq, last_seq, body)
     SELECT e.run_id, e.seq, e.last_seq, e.body FROM run_events e JOIN runs r ON r.id = e.run_id
     ORDER BY r.created_at, r.id, e.seq;
   DROP TABLE run_events;
   ALTER TABLE run_events_new RENAME TO run_events;`,
  // Runs by flow and status (the metrics' gauge, read at every scrape) counted from this index
  // alone: a run's row holds its definition and input, so counting from the table reads them all
  // (430 ms at 100 000 runs, against 9 ms from the index).
  "CREATE INDEX runs_by_flow_status ON runs (flow_name, status);",
  // What lists show of a run's input (its JSON, cut short), kept beside the row: the input itself
  // is a blob of any size, and a page of runs should not read fifty of them. Older runs have none.
  "ALTER TABLE runs ADD COLUMN input_preview TEXT;",
  // A module that defines its own memory with no maximum, or one over the task's limit, is stored
  // with the limit written in as its maximum: a row here keeps, for that revision, the maximum
  // imposed and the one the module declared (null: none), so `task show` can say so. Few revisions
  // have one; the tasks table and its rows stay as they were.
  `CREATE TABLE task_memory_imposed (
     name           TEXT NOT NULL,
     revision       INTEGER NOT NULL,
     pages          INTEGER NOT NULL,
     declared_pages INTEGER,
     PRIMARY KEY (name, revision),
     FOREIGN KEY (name, revision) REFERENCES tasks(name, revision)
   ) STRICT;`,
];
