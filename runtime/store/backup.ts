import { randomBytes } from "node:crypto";
import { constants, copyFileSync, existsSync, linkSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { type Issue, StoreCorruptError, UsageError } from "../errors/index.js";
import type { Store } from "./store.js";
import { storeFault } from "./store-faults.js";

export interface BackupProgress {
  readonly totalPages: number;
  readonly remainingPages: number;
}

export interface StoreBackupOptions {
  /** Replace the file if it exists. @default false */
  readonly force?: boolean;
  /** Called as the copy goes, after each step of `backupPagesPerStep` pages, and once at the end. */
  readonly onProgress?: (progress: BackupProgress) => void;
}

export interface StoreBackupResult {
  /** The backup's absolute path. */
  readonly file: string;
  readonly pages: number;
  readonly bytes: number;
  readonly durationMs: number;
}

/** Pages copied per step (1 MiB of 4 KiB pages); other work, and other processes' writes, go on between steps. */
export const backupPagesPerStep = 256;

/**
 * Copies the store to `file` with SQLite's online backup: a consistent copy of the committed data,
 * taken while other processes go on using the store (a write by another process restarts the
 * copy). The copy is written under a temporary name beside `file` and put in place only when
 * complete and it passes SQLite's quick check, so `file` is never a partial or damaged backup, and
 * an existing file is replaced only with `force`.
 */
export async function backupStore(
  store: Store,
  file: string,
  options: StoreBackupOptions = {},
): Promise<StoreBackupResult> {
  const target = resolve(file);
  const force = options.force === true;
  if (store.path !== ":memory:" && target.startsWith(store.path)) {
    throw new UsageError(`a backup cannot be written over the store's own files (${target})`);
  }
  if (!existsSync(dirname(target)))
    throw new UsageError(`cannot write a backup into ${dirname(target)}: no such folder`);
  if (existsSync(target)) {
    if (!force) throw new UsageError(`${target} already exists; pass --force (or force: true) to replace it`);
    if (!statSync(target).isFile()) throw new UsageError(`${target} exists and is not a file`);
  }
  const started = performance.now();
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${process.pid}-${randomBytes(4).toString("hex")}.partial`,
  );
  try {
    const done = await store.db.backup(temporary, {
      progress: (progress) => {
        options.onProgress?.(progress);
        return backupPagesPerStep;
      },
    });
    options.onProgress?.({ totalPages: done.totalPages, remainingPages: 0 });
    // The copy is of pages, whatever is in them: a damaged store must not give a backup that
    // looks good, nor replace a good one.
    const issues = quickCheck(temporary);
    if (issues.length > 0) throw new StoreCorruptError(store.path, issues);
    place(temporary, target, force);
    return {
      file: target,
      pages: done.totalPages,
      bytes: statSync(target).size,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    throw backupFault(error, store, target);
  } finally {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${temporary}${suffix}`, { force: true });
  }
}

function quickCheck(file: string): Issue[] {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const lines = copy.prepare("PRAGMA quick_check(100)").pluck().all() as string[];
    if (lines.length === 1 && lines[0] === "ok") return [];
    return lines.map((line) => ({ code: "SQLITE_INTEGRITY", path: "backup", message: line }));
  } finally {
    copy.close();
  }
}

function place(temporary: string, target: string, force: boolean): void {
  if (force) {
    renameSync(temporary, target);
    return;
  }
  try {
    linkSync(temporary, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new UsageError(`${target} appeared while the backup was made; it was left as it is`);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS") throw error;
    // A file system without hard links: an exclusive copy still never replaces a file.
    copyFileSync(temporary, target, constants.COPYFILE_EXCL);
  }
}

/** A backup only reads the store: running out of space or permission is the backup file's fault. */
function backupFault(error: unknown, store: Store, target: string): unknown {
  const code = error instanceof Database.SqliteError ? error.code : (error as NodeJS.ErrnoException).code;
  const atTarget = typeof code === "string" && !/^SQLITE_(BUSY|LOCKED|CORRUPT|NOTADB)/.test(code);
  return storeFault(error, { path: atTarget ? target : store.path, busyTimeoutMs: store.busyTimeoutMs }, "back up");
}
