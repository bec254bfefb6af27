import { dirname, join } from "node:path";
import type { Store } from "../../store/index.js";
import { newOwner, parseOwner, processAlive } from "./owner.js";
import { LockProbe, OwnerLock, sweepLockFiles } from "./owner-lock.js";

/** The folder of the owners' lock files, in the home beside the database. */
export const ownersFolder = "owners";

interface OwnerHere {
  /** Whether the engine is executing the run now. */
  readonly executing: (runId: string) => boolean;
  readonly lockPath: string | undefined;
}

/**
 * Engines of this thread that own runs, by owner id. Asked before any lock file: an in-memory store
 * has none, and only the engine itself knows which of its runs it is still executing. (A lock file
 * of this process would answer rightly too — SQLite keeps its connections in one process from
 * sharing a lock — but each connection that checks it stays open until the owner lets go.)
 */
const ownersHere = new Map<string, OwnerHere>();

/** Owners found gone, remembered: an owner id is never used again, so it never comes back. */
const maxRemembered = 4096;

/**
 * Whether the owner of a run is alive, and this engine's own ownership. An engine on a store file
 * takes its lock (`<home>/owners/<pid>-<nonce>.lock`) before its owner id is written anywhere, and
 * holds it until it closes: whoever reads the id from the store finds the lock held for as long as
 * the engine's process lives, and free from the moment it dies.
 */
export class Liveness {
  private readonly dir: string | undefined;
  private id: string | undefined;
  private lock: OwnerLock | undefined;
  private readonly probe = new LockProbe();
  private readonly gone = new Set<string>();

  constructor(private readonly store: Store) {
    this.dir = store.path === ":memory:" ? undefined : join(dirname(store.path), ownersFolder);
  }

  /** This engine's owner id, while it owns runs. */
  get owner(): string | undefined {
    return this.id;
  }

  /**
   * The owner id to write on runs this engine executes: its lock is taken first, the first time
   * (STORE_READONLY, say, if the home may not be written). Files left by dead owners are swept then.
   */
  claim(executing: (runId: string) => boolean): string {
    if (this.id !== undefined) return this.id;
    const id = newOwner(this.dir !== undefined);
    const lockName = parseOwner(id)?.lockName;
    let lockPath: string | undefined;
    if (this.dir !== undefined && lockName !== undefined) {
      lockPath = join(this.dir, lockName);
      try {
        this.lock = OwnerLock.take(lockPath);
      } catch (error) {
        throw this.store.fault(error, "take ownership of runs in");
      }
      ownersHere.set(id, { executing, lockPath });
      const held = new Set([...ownersHere.values()].flatMap((owner) => owner.lockPath ?? []));
      sweepLockFiles(this.dir, held);
    } else {
      ownersHere.set(id, { executing, lockPath });
    }
    this.id = id;
    return id;
  }

  /** Lets go of the ownership: runs still marked with this owner are interrupted from now on. */
  release(): void {
    if (this.id === undefined) return;
    ownersHere.delete(this.id);
    this.lock?.release();
    this.lock = undefined;
    this.id = undefined;
  }

  /** `release`, and closes the connections kept for checking other owners. */
  close(): void {
    this.release();
    this.probe.close();
  }

  /** True while the run's owner is alive and executing it; false once its process (or engine) is gone. */
  executes(owner: string | null, runId: string): boolean {
    if (owner === null) return false;
    const here = ownersHere.get(owner);
    if (here !== undefined) return here.executing(runId);
    if (this.gone.has(owner)) return false;
    if (this.alive(owner)) return true;
    if (this.gone.size >= maxRemembered) this.gone.clear();
    this.gone.add(owner);
    return false;
  }

  /** Whether an owner not of this thread is alive. */
  private alive(owner: string): boolean {
    // An in-memory store is this process's alone: an owner of it not found here has closed.
    if (this.dir === undefined) return false;
    const parsed = parseOwner(owner);
    if (parsed === undefined) return false;
    if (parsed.lockName === undefined) {
      // Stored by a version of wasmflow that took no lock: its pid is all there is to go by. Every
      // engine of this process takes a lock, so one with this process's pid had it before us.
      return parsed.pid !== process.pid && processAlive(parsed.pid);
    }
    const state = this.probe.state(join(this.dir, parsed.lockName));
    // A file that cannot be checked (unreadable for this user, say): the pid is better than nothing.
    if (state === "unknown") return processAlive(parsed.pid);
    return state === "held";
  }
}
