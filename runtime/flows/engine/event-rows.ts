import type { EventRow } from "../../store/index.js";
import type { FlowEvent } from "./events.js";
import { packValue, unpackValue } from "./persisted-values.js";

/**
 * The events of one batch of one run as their history row: numbered `seq` to `last_seq`, packed
 * together (values keep their 64-bit integers and bytes).
 */
export function eventRows(events: readonly FlowEvent[]): EventRow {
  const first = events[0] as FlowEvent;
  const last = events[events.length - 1] as FlowEvent;
  return { run_id: first.runId, seq: first.seq, last_seq: last.seq, body: packValue(events) };
}

/** The events of a history row, as they were emitted: the same fields in the same order. */
export function eventsOfRow(row: EventRow): FlowEvent[] {
  const bodies = unpackValue(row.body) as Record<string, unknown>[];
  return bodies.map(({ type, runId: _runId, seq, at, ...fields }) => {
    return { type, ...fields, runId: row.run_id, seq, at } as unknown as FlowEvent;
  });
}
