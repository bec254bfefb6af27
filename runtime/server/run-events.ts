import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { toJsonValue, WasmflowError } from "../index.js";
import type { ApiContext } from "./api-context.js";

/**
 * A run's history as server-sent events, read from the store (`wf.history`), never from this
 * process's memory: a stream resumes across a restart of the server, and shows runs driven by
 * any process on the same home. Each event's id is its sequence number, so `Last-Event-ID` on a
 * reconnect gives exactly what came after. The stream ends after the run's terminal event. A
 * slow client is never buffered for: the history is read at the pace the client takes it.
 */
export function streamRunEvents(
  c: Context,
  ctx: ApiContext,
  id: string,
  from: { readonly after: number; readonly follow: boolean },
): Response {
  if (ctx.streams.open >= ctx.streams.max) {
    // Each open stream holds a connection and a follower: past the cap, the client comes back later.
    throw new WasmflowError("STREAMS_FULL", `the server has ${ctx.streams.max} event streams open, its most`, {
      details: { max: ctx.streams.max },
    });
  }
  ctx.streams.open += 1;
  return streamSSE(c, async (stream) => {
    const stop = new AbortController();
    stream.onAbort(() => stop.abort());
    const heartbeat = setInterval(() => {
      if (!stream.closed) void stream.write(": heartbeat\n\n").catch(() => stop.abort());
    }, ctx.heartbeatMs);
    try {
      for await (const event of ctx.wf.history(id, { after: from.after, follow: from.follow, signal: stop.signal })) {
        if (stream.closed) break;
        await stream.writeSSE({ id: String(event.seq), event: event.type, data: JSON.stringify(toJsonValue(event)) });
      }
    } finally {
      clearInterval(heartbeat);
      ctx.streams.open -= 1;
    }
  });
}
