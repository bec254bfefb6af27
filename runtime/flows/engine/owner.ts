import { randomBytes } from "node:crypto";

/**
 * Who is executing a run: `<pid>:<nonce>`, one nonce per engine. A run whose owner process is gone
 * was interrupted (a crash, a kill, a closed terminal) and may be resumed. PIDs are only
 * meaningful on this machine — the store is a local SQLite file, so that is where runs live.
 */
export function newOwner(): string {
  return `${process.pid}:${randomBytes(6).toString("hex")}`;
}

export function ownerPid(owner: string | null): number | undefined {
  const pid = Number(owner?.split(":")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** True while the owner's process exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
