import { randomBytes } from "node:crypto";

/**
 * Who is executing a run: one id per engine, never reused. `<pid>:<nonce>:lock` for an engine on a
 * store file, which holds its lock file (`owner-lock.ts`) for as long as it owns runs: the run's
 * process is alive exactly while that lock is held. `<pid>:<nonce>` for an in-memory store, whose
 * runs only engines of this process can see — and for runs stored by versions of wasmflow that took
 * no lock, whose liveness can only be told from their pid.
 */
export function newOwner(locked: boolean): string {
  const id = `${process.pid}:${randomBytes(6).toString("hex")}`;
  return locked ? `${id}${lockSuffix}` : id;
}

export interface ParsedOwner {
  readonly pid: number;
  /** The name of its lock file, for an owner that holds one. */
  readonly lockName?: string;
}

const lockSuffix = ":lock";
const lockedOwner = /^(\d{1,10}):([0-9a-f]{12}):lock$/;

/**
 * What an owner id says. The lock file's name is made of its digits and hex only, whatever the
 * store holds: a name read from the store never reaches outside the owners' folder.
 */
export function parseOwner(owner: string | null): ParsedOwner | undefined {
  if (owner === null) return undefined;
  const locked = lockedOwner.exec(owner);
  if (locked !== null) return { pid: Number(locked[1]), lockName: `${locked[1]}-${locked[2]}.lock` };
  const pid = Number(owner.split(":")[0]);
  return Number.isSafeInteger(pid) && pid > 0 ? { pid } : undefined;
}

/**
 * True while a process with this pid exists (signal 0 checks without sending anything). Only for
 * owners without a lock: a killed process still has its pid until its parent reaps it, and the pid
 * may then be given to an unrelated process.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
