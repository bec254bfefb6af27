import { randomBytes } from "node:crypto";
import { constants, copyFileSync, linkSync, rmSync } from "node:fs";
import Database from "better-sqlite3";

/**
 * Creates an empty database at `path` all at once: it is made under a temporary name, already in
 * WAL mode (which writes its header), and linked into place. So a database file that exists has
 * always had a header — one that is empty or cut short was damaged, not just begun — and of
 * processes creating one home at once, one links its file and the others open that one.
 */
export function createDatabaseFile(path: string): void {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString("hex")}.new`;
  try {
    const db = new Database(temporary);
    try {
      db.pragma("journal_mode = WAL");
    } finally {
      db.close();
    }
    linkNew(temporary, path);
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${temporary}${suffix}`, { force: true });
  }
}

/** Puts `from` at `to` unless something is there already (then another process was first: fine). */
function linkNew(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS") throw error;
    // A file system without hard links: an exclusive copy still never replaces a database.
    try {
      copyFileSync(from, to, constants.COPYFILE_EXCL);
    } catch (copyError) {
      if ((copyError as NodeJS.ErrnoException).code !== "EEXIST") throw copyError;
    }
  }
}
