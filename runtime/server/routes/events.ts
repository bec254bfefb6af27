import { z } from "@hono/zod-openapi";
import type { Api, ApiContext } from "../api-context.js";
import { streamEvents } from "../run-events.js";
import { errorResponses, referenceSchema, route } from "../schemas.js";
import { sseFrame } from "../sse-frame.js";

const position = z
  .string()
  .max(40)
  .regex(/^\d{1,15}(-\d{1,15})?$/, "a position the stream gave (an event's id), or 0");

const allEvents = route({
  method: "get",
  path: "/v1/events",
  summary: "Every run's events as server-sent events, in the order they were committed, followed live",
  description:
    "Each event's `id` is its position in the stream of every run; a client that reconnects with " +
    "`Last-Event-ID` (or `?after=`) gets exactly the events after it, `after=0` every event stored. " +
    "Without either, the stream starts at the present. `flow` keeps one flow's runs. Each event's " +
    "data is the run event as `GET /v1/runs/{id}/events` sends it, its run in `runId`.",
  request: {
    query: z.object({
      flow: referenceSchema.optional(),
      after: position.optional(),
    }),
  },
  responses: {
    200: { description: "an event stream", content: { "text/event-stream": { schema: z.string() } } },
    ...errorResponses,
  },
});

export function eventRoutes(app: Api, ctx: ApiContext): void {
  app.openapi(allEvents, (c) => {
    const query = c.req.valid("query");
    const header = c.req.header("Last-Event-ID");
    const after = header !== undefined && position.safeParse(header).success ? header : query.after;
    return streamEvents(c, ctx, (signal) => feed(ctx, { after, flow: query.flow, signal })) as never;
  });
}

async function* feed(
  ctx: ApiContext,
  options: { after: string | undefined; flow: string | undefined; signal: AbortSignal },
): AsyncGenerator<string> {
  const events = ctx.wf.feed({
    signal: options.signal,
    ...(options.after === undefined ? {} : { after: options.after }),
    ...(options.flow === undefined ? {} : { flow: options.flow }),
  });
  for await (const { position, event } of events) yield sseFrame(position, event);
}
