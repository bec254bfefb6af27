import { closeSync, openSync, readSync, statSync } from "node:fs";
import { basename } from "node:path";
import { type Issue, type IssueCode, StoreCorruptError, StoreError } from "../errors/index.js";

/** SQLite's file header: 100 bytes, starting with this text. */
const headerBytes = 100;
const magic = "SQLite format 3\u0000";

/**
 * What is at the database path before SQLite opens it: nothing (`absent`: a new home), or a file
 * that looks whole (`present`). A file that is empty, not a SQLite database, or shorter than its
 * header says throws STORE_CORRUPT: SQLite would take an empty file for a new database (and the
 * store would start afresh over the one that was lost), and would read the pages a truncated file
 * lacks as zeros, failing only on the queries that reach them.
 */
export function inspectDatabaseFile(path: string): "absent" | "present" {
  const size = fileSize(path);
  if (size === undefined) {
    if (!hasLog(path)) return "absent";
    // A log with content and no database. A log is only written to a database that exists, and
    // wasmflow never removes one: either another process has just made it (look again), or it
    // was removed and the log holds its last writes.
    if (fileSize(path) !== undefined) return inspectDatabaseFile(path);
    throw corrupt(path, "FILE_MISSING", "the database file is missing but its -wal log is still there");
  }
  const problem = headerProblem(path, size);
  if (problem === undefined) return "present";
  // A checkpoint in another process writes the header before it grows the file, and always has a
  // log with content while it does: a store in use is left to SQLite, which reads the log too.
  if (hasLog(path) || fileSize(path) !== size) return "present";
  throw new StoreCorruptError(path, [problem]);
}

function headerProblem(path: string, size: number): Issue | undefined {
  if (size === 0) return issue(path, "FILE_EMPTY", "the database file is empty (0 bytes)");
  const header = readHeader(path);
  if (size < headerBytes || header.toString("latin1", 0, magic.length) !== magic) {
    return issue(path, "NOT_A_DATABASE", "the file is not a SQLite database");
  }
  const stored = header.readUInt16BE(16);
  const pageSize = stored === 1 ? 65_536 : stored;
  if (pageSize < 512 || pageSize > 65_536 || (pageSize & (pageSize - 1)) !== 0) {
    return issue(path, "NOT_A_DATABASE", `the file's header names no valid page size (${stored})`);
  }
  if (size % pageSize !== 0) {
    return issue(path, "FILE_TRUNCATED", `the file is ${size} bytes, not a whole number of ${pageSize}-byte pages`);
  }
  // The page count in the header is valid only while its "version valid for" matches the change counter.
  const pages = header.readUInt32BE(28);
  const valid = pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92);
  if (valid && size < pages * pageSize) {
    return issue(
      path,
      "FILE_TRUNCATED",
      `the file is ${size} bytes, but its header says ${pages} pages of ${pageSize} bytes (${pages * pageSize})`,
    );
  }
  return undefined;
}

function readHeader(path: string): Buffer {
  const header = Buffer.alloc(headerBytes);
  const fd = openSync(path, "r");
  try {
    readSync(fd, header, 0, headerBytes, 0);
  } finally {
    closeSync(fd);
  }
  return header;
}

function fileSize(path: string): number | undefined {
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new StoreError(`the store's database ${path} is not a file`);
    return stats.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function hasLog(path: string): boolean {
  return (fileSize(`${path}-wal`) ?? 0) > 0;
}

function issue(path: string, code: IssueCode, message: string): Issue {
  return { code, path: basename(path), message };
}

function corrupt(path: string, code: IssueCode, message: string): StoreCorruptError {
  return new StoreCorruptError(path, [issue(path, code, message)]);
}
