import { type FlowEvent, toJsonValue } from "../index.js";

/**
 * An event as its server-sent-events frame: its type, its JSON on one `data` line (JSON text
 * never holds a raw line break) and its id, ready to be written to any number of streams.
 */
export function sseFrame(id: string, event: FlowEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(toJsonValue(event))}\nid: ${id}\n\n`;
}
