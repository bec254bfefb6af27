import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { WasmflowError } from "../index.js";
import type { ApiContext } from "./api-context.js";

/**
 * History as server-sent events, read from the store (`wf.history`, `wf.feed`), never from this
 * process's memory: a stream resumes across a restart of the server, and shows runs driven by
 * any process on the same home. Each event's id is its place in the stream, so `Last-Event-ID`
 * on a reconnect gives exactly what came after. A slow client is never buffered for: the history
 * is read at the pace the client takes it, and a client that takes nothing for `writeTimeoutMs`
 * is dropped.
 */
export function streamEvents(
  c: Context,
  ctx: ApiContext,
  /** The stream's frames (`sseFrame`): each event with its id, which `Last-Event-ID` names on a reconnect. */
  frames: (signal: AbortSignal) => AsyncIterable<string>,
): Response {
  if (ctx.streams.open.size >= ctx.streams.max) {
    // Each open stream holds a connection and a follower: past the cap, the client comes back later.
    throw new WasmflowError("STREAMS_FULL", `the server has ${ctx.streams.max} event streams open, its most`, {
      details: { max: ctx.streams.max },
    });
  }
  return streamSSE(c, async (stream) => {
    const stop = new AbortController();
    // The server's shutdown ends the stream as its run's end would: the client reconnects later.
    const end = (): void => stop.abort();
    ctx.streams.open.add(end);
    stream.onAbort(end);
    // A write the client does not take within the time is a client gone or stalled: drop it.
    const written = async (write: Promise<unknown>): Promise<void> => {
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<"stalled">((resolve) => {
        timer = setTimeout(() => resolve("stalled"), ctx.writeTimeoutMs);
      });
      const outcome = await Promise.race([write.then(() => "written" as const), stalled]);
      clearTimeout(timer);
      if (outcome === "stalled") {
        // Closing the stream would wait for the very writes that stall: the socket is destroyed.
        stop.abort();
        (c.env as Partial<HttpBindings> | undefined)?.outgoing?.destroy();
      }
    };
    const heartbeat = setInterval(() => {
      if (!stream.closed) void written(stream.write(": heartbeat\n\n")).catch(() => stop.abort());
    }, ctx.heartbeatMs);
    try {
      for await (const frame of frames(stop.signal)) {
        if (stream.closed || stop.signal.aborted) break;
        await written(stream.write(frame));
      }
    } finally {
      clearInterval(heartbeat);
      ctx.streams.open.delete(end);
    }
  });
}
