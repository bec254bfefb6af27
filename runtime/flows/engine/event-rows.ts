import type { EventRow } from "../../store/index.js";
import type { FlowEvent } from "./events.js";
import { packValue, unpackValue } from "./persisted-values.js";

/** An event as its history row: the common fields in columns, the rest packed (values keep their types). */
export function eventRow(event: FlowEvent): EventRow {
  const { runId, seq, type, at, ...body } = event;
  const step = "step" in event ? event.step : null;
  return { run_id: runId, seq, type, step, at, body: packValue(body) };
}

/** An event read back from its history row: the same fields, in the same order, as when it was emitted. */
export function eventOfRow(row: EventRow): FlowEvent {
  const body = unpackValue(row.body) as Record<string, unknown>;
  return { type: row.type, ...body, runId: row.run_id, seq: row.seq, at: row.at } as unknown as FlowEvent;
}
