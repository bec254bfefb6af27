import { setTimeout as delay } from "node:timers/promises";
import type { RunStore } from "../../store/index.js";

/** How often a follower looks whether the store changed; a look costs one cached pragma read. */
const pollMs = 20;

/**
 * Waits until the store's history may have grown since `stamp` (by this process or another on
 * the same home); false when `signal` aborted first, so the follower ends.
 */
export async function historyChanged(runs: RunStore, stamp: string, signal: AbortSignal | undefined): Promise<boolean> {
  while (runs.historyStamp() === stamp) {
    if (signal?.aborted === true) return false;
    try {
      await delay(pollMs, undefined, { signal });
    } catch {
      return false;
    }
  }
  return true;
}
