import { existsSync, mkdirSync, readdirSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";

// An engine that owns runs holds an exclusive lock on a small file of its own, taken through
// SQLite: SQLite's file locks are the operating system's advisory locks (fcntl on POSIX,
// LockFileEx on Windows), which the kernel drops the moment the process dies — before its parent
// reaps it, and whatever process gets its pid next. A checker tries to take a shared lock on the
// same file without waiting: refused, the owner is alive; granted, it is gone.
//
// SQLite tracks the locks of all its connections in one process itself, so a connection is refused
// a lock another connection of the same process holds, and closing a connection does not drop the
// locks of another one on the same file (POSIX would drop them at any close of that file). So a
// lock file must never be opened in this process other than through SQLite.
//
// The file stays empty, and has no journal beside it: the owner never writes to it, and a checker
// only reads.

/** How long the owner waits for checkers' brief shared locks to go when it takes its lock. */
const takeTimeoutMs = 2000;
/** Attempts at making a lock file that sweeps keep removing before it is locked (each a rare race). */
const maxTakeTries = 10;
/** Connections a probe keeps open to files whose owners were alive when last checked. */
const maxKeptOpen = 64;

/** An exclusive lock on `path`, held until `release` or the death of this process. */
export class OwnerLock {
  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  static take(path: string): OwnerLock {
    mkdirSync(dirname(path), { recursive: true });
    for (let tries = 1; ; tries++) {
      const db = new Database(path, { timeout: takeTimeoutMs });
      try {
        // A rollback journal would be opened by BEGIN EXCLUSIVE, and left beside the file by a
        // process that dies; kept in memory, there is none (nothing is ever written anyway).
        db.pragma("journal_mode = MEMORY");
        db.exec("BEGIN EXCLUSIVE");
        // A checker removes a lock file only while it holds a shared lock on it (see `probeFile`),
        // so no one could have removed it since we took the exclusive lock, and no one can until
        // we let go. Still here: it is ours for good.
        if (existsSync(path)) return new OwnerLock(db, path);
      } catch (error) {
        // An error on a file that is gone is the same race: SQLite may fail on a file removed
        // under it (opening a journal beside it, for one) rather than lock it.
        if (existsSync(path)) {
          db.close();
          throw error;
        }
      }
      // Gone: another engine's sweep found it free before we locked it, and removed it. Make it again.
      db.close();
      if (tries === maxTakeTries) throw new Error(`the lock file ${path} was removed each time it was made`);
    }
  }

  release(): void {
    if (!this.db.open) return;
    // Closing ends the (empty) transaction, which lets go of the lock.
    this.db.close();
    removeQuietly(this.path);
  }
}

/** What a lock file says of its owner. `unknown`: it could not be checked (unreadable, not a database). */
export type LockState = "held" | "free" | "absent" | "unknown";

/**
 * Checks lock files. A file whose owner is alive is kept open (up to `maxKeptOpen`), so checking it
 * again — as `runs list` does for each running run, and a wait every 50 ms — costs a lock attempt,
 * not an open; a file found free is removed.
 */
export class LockProbe {
  private readonly kept = new Map<string, Database.Database>();

  state(path: string): LockState {
    let db = this.kept.get(path);
    if (db === undefined) {
      try {
        // Read-only: a user who may read the store but not write it can still check its owners.
        db = new Database(path, { readonly: true, fileMustExist: true, timeout: 0 });
      } catch {
        return existsSync(path) ? "unknown" : "absent";
      }
    }
    const state = probeFile(db, path);
    if (state === "held") {
      this.keep(path, db);
    } else {
      this.kept.delete(path);
      db.close();
    }
    return state;
  }

  /** Closes the connections kept open. */
  close(): void {
    for (const db of this.kept.values()) db.close();
    this.kept.clear();
  }

  private keep(path: string, db: Database.Database): void {
    if (this.kept.has(path)) return;
    if (this.kept.size >= maxKeptOpen) {
      const [oldest] = this.kept;
      if (oldest !== undefined) {
        oldest[1].close();
        this.kept.delete(oldest[0]);
      }
    }
    this.kept.set(path, db);
  }
}

/**
 * Removes every lock file in `dir` whose owner is gone: files of processes that died with no running
 * run left for a checker to find them by. `skip`: files known to be held, not worth a look.
 */
export function sweepLockFiles(dir: string, skip: ReadonlySet<string>): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const probe = new LockProbe();
  try {
    for (const name of names) {
      const path = join(dir, name);
      if (!name.endsWith(".lock") || skip.has(path)) continue;
      try {
        probe.state(path);
      } catch {
        // Tidying up: a file that cannot be looked at now is looked at by the next sweep.
      }
    }
  } finally {
    probe.close();
  }
}

/** Tries a shared lock on the file, without waiting; free, removes the file while still holding it. */
function probeFile(db: Database.Database, path: string): LockState {
  try {
    db.exec("BEGIN");
    // Reading takes the shared lock (held to the end of the transaction); an empty file reads as
    // an empty database.
    db.exec("SELECT count(*) FROM sqlite_master");
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    if ((error as { code?: unknown }).code === "SQLITE_BUSY") return "held";
    // Removed since it was opened (SQLite fails on that too): its owner had let go.
    return existsSync(path) ? "unknown" : "absent";
  }
  // Removed under the shared lock: an owner that takes the exclusive lock after this finds the file
  // gone and makes it again (see `OwnerLock.take`).
  removeQuietly(path);
  db.exec("COMMIT");
  return "free";
}

/** Removes a file if it can: gone already, or in a folder this user may not write (or, on Windows, open elsewhere), it stays. */
function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // A leftover empty file; the next engine to take its lock sweeps it.
  }
}
