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
];
