import { UsageError } from "../../errors/index.js";
import type { RunStore } from "../../store/index.js";
import { eventsOfRow } from "./event-rows.js";
import type { FlowEvent } from "./events.js";
import { historyChanged } from "./history-change.js";

export interface FeedOptions {
  /**
   * Only events after this position (the `position` of an event this feed gave before); `"0"`
   * replays every stored event. Without it the feed starts at the present: new events only.
   */
  readonly after?: string;
  /** Only the runs of this flow. */
  readonly flow?: string;
  /** Keep following new events (the default), or end once the stored ones are replayed (`false`). */
  readonly follow?: boolean;
  /** Stops following: the iteration ends without error. */
  readonly signal?: AbortSignal;
}

/** An event of any run, with its place in the feed: `after` takes it to resume just past this event. */
export interface FeedEvent {
  readonly position: string;
  readonly event: FlowEvent;
}

const pageSize = 256;

/**
 * Every run's history in the order it was committed, by any process on the store: each history
 * row has a position (`pos`), and an event's place is its row's position and its own sequence
 * number (`<pos>-<seq>`). Reads only when the store changed, a page at a time, so a follower
 * costs the same however long the history is.
 */
export async function* runFeed(runs: RunStore, options: FeedOptions = {}): AsyncGenerator<FeedEvent> {
  const { signal } = options;
  let [pos, seq] = options.after === undefined ? [runs.feedEnd() + 1, 0] : positionOf(options.after);
  for (;;) {
    const stamp = runs.historyStamp();
    const rows = runs.feed(pos, options.flow, pageSize);
    for (const row of rows) {
      const rowPos = row.pos as number;
      for (const event of eventsOfRow(row)) {
        if (rowPos === pos && event.seq <= seq) continue;
        yield { position: `${rowPos}-${event.seq}`, event };
      }
      // Past this row: the next read starts after it.
      pos = rowPos + 1;
      seq = 0;
    }
    if (rows.length === pageSize) continue;
    if (options.follow === false) return;
    if (!(await historyChanged(runs, stamp, signal))) return;
  }
}

/** `"<pos>-<seq>"` (or `"0"`) as the row to read from and the events of that row already seen. */
function positionOf(text: string): [number, number] {
  const match = /^(\d{1,15})(?:-(\d{1,15}))?$/.exec(text);
  if (match === null)
    throw new UsageError(`a feed position is "<row>-<seq>" as the feed gave it (or "0"), not ${JSON.stringify(text)}`);
  const row = Number(match[1]);
  // "P-S": row P's events after S; a bare "P": after the whole of row P.
  return match[2] === undefined ? [row + 1, 0] : [row, Number(match[2])];
}
