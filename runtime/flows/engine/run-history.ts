import { RunNotFoundError } from "../../errors/index.js";
import type { RunStore } from "../../store/index.js";
import { eventsOfRow } from "./event-rows.js";
import { type FlowEvent, isFinalEvent } from "./events.js";
import { historyChanged } from "./history-change.js";

export interface HistoryOptions {
  /** Replay from after this sequence number (0, the default, replays every event). */
  readonly after?: number;
  /**
   * Keep following new events until the run finishes (the default), or end once the stored ones
   * are replayed (`false`). A run whose process died is followed until someone resumes or cancels it.
   */
  readonly follow?: boolean;
  /** Stops following: the iteration ends without error. */
  readonly signal?: AbortSignal;
}

const pageSize = 512;

/**
 * A run's history as it is stored: every committed event from `after` on, then, while following,
 * each new one as it is committed — by this process or any other on the same store. Reads only
 * when the store has changed since the last look, a page at a time, so a follower costs the same
 * however long the history is.
 */
export async function* runHistory(
  runs: RunStore,
  runId: string,
  options: HistoryOptions = {},
): AsyncGenerator<FlowEvent> {
  if (runs.run(runId) === undefined) throw new RunNotFoundError(runId);
  const { signal } = options;
  let after = options.after ?? 0;
  for (;;) {
    const stamp = runs.historyStamp();
    const rows = runs.events(runId, after, pageSize);
    for (const row of rows) {
      for (const event of eventsOfRow(row)) {
        if (event.seq <= after) continue;
        after = event.seq;
        yield event;
        if (isFinalEvent(event)) return;
      }
    }
    if (rows.length === pageSize) continue;
    if (options.follow === false) return;
    if (!(await historyChanged(runs, stamp, signal))) return;
  }
}
