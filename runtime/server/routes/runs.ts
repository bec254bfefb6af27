import { z } from "@hono/zod-openapi";
import { type FlowEvent, maxRunsPerPage, toJsonValue } from "../../index.js";
import type { Api, ApiContext } from "../api-context.js";
import { streamEvents } from "../run-events.js";
import { asObject, errorResponses, json, objectSchema, route } from "../schemas.js";
import { sseFrame } from "../sse-frame.js";

const runId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9-]+$/, "a run id");
const statuses = ["running", "succeeded", "failed", "cancelled", "interrupted"] as const;

const listRuns = route({
  method: "get",
  path: "/v1/runs",
  summary: "Runs, newest first, a page at a time",
  request: {
    query: z.object({
      status: z.enum(statuses).optional(),
      flow: z.string().min(1).max(200).optional(),
      since: z.string().max(64).optional().openapi({ description: "ISO 8601: runs started at or after" }),
      until: z.string().max(64).optional().openapi({ description: "ISO 8601: runs started before" }),
      after: z.string().max(512).optional().openapi({ description: "the `next` of the page before" }),
      limit: z.coerce.number().int().min(1).max(maxRunsPerPage).optional(),
    }),
  },
  responses: {
    200: json(z.object({ runs: z.array(objectSchema("RunSummary")), next: z.string().optional() }), "a page"),
    ...errorResponses,
  },
});

const showRun = route({
  method: "get",
  path: "/v1/runs/{id}",
  summary: "A run with every step and attempt, errors and guest logs",
  request: { params: z.object({ id: runId }) },
  responses: { 200: json(z.object({ run: objectSchema("RunDetails") }), "the run"), ...errorResponses },
});

const runEvents = route({
  method: "get",
  path: "/v1/runs/{id}/events",
  summary: "The run's history as server-sent events: replayed, then followed live until the run ends",
  description:
    "Each event's `id` is its sequence number in the run; a client that reconnects with `Last-Event-ID` " +
    "(or `?after=`) gets exactly the events after it. Comments (`: heartbeat`) keep an idle stream open.",
  request: {
    params: z.object({ id: runId }),
    query: z.object({
      after: z.coerce.number().int().min(0).optional(),
      follow: z
        .enum(["true", "false"])
        .optional()
        .openapi({ description: "`false`: end after the events recorded so far instead of following the run" }),
    }),
  },
  responses: {
    200: { description: "an event stream", content: { "text/event-stream": { schema: z.string() } } },
    ...errorResponses,
  },
});

const cancelRun = route({
  method: "post",
  path: "/v1/runs/{id}/cancel",
  summary: "Cancel a run wherever it runs; answers it recorded cancelled (or still stopping after `wait` ms)",
  request: {
    params: z.object({ id: runId }),
    query: z.object({ wait: z.coerce.number().int().min(0).max(600_000).optional() }),
  },
  responses: {
    200: json(z.object({ run: objectSchema("RunResult") }), "the run"),
    409: json(objectSchema("Error"), "the run had already succeeded or failed (RUN_FINISHED)"),
    ...errorResponses,
  },
});

const resumeRun = route({
  method: "post",
  path: "/v1/runs/{id}/resume",
  summary: "Resume an interrupted run (its process died) from its committed steps, in this server",
  request: { params: z.object({ id: runId }) },
  responses: {
    202: json(z.object({ run: z.object({ id: z.string(), status: z.string() }) }), "the run goes on here"),
    409: json(objectSchema("Error"), "the run finished, or a live process runs it (RUN_NOT_RESUMABLE)"),
    ...errorResponses,
  },
});

export function runRoutes(app: Api, ctx: ApiContext): void {
  app.openapi(listRuns, (c) => {
    const query = c.req.valid("query");
    const page = ctx.wf.runs.page({
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.flow === undefined ? {} : { flow: query.flow }),
      ...(query.since === undefined ? {} : { since: query.since }),
      ...(query.until === undefined ? {} : { until: query.until }),
      ...(query.after === undefined ? {} : { after: query.after }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    });
    return c.json(page, 200);
  });
  app.openapi(showRun, (c) => c.json({ run: asObject(ctx.wf.runs.show(c.req.valid("param").id)) }, 200));
  app.openapi(runEvents, (c) => {
    const { id } = c.req.valid("param");
    // Unknown ids answer 404 before any stream starts (one row read, not the run's steps).
    ctx.wf.runs.summaryOf(id);
    const header = c.req.header("Last-Event-ID");
    const fromHeader = header === undefined ? undefined : Number.parseInt(header, 10);
    const query = c.req.valid("query");
    const after = Number.isSafeInteger(fromHeader) ? (fromHeader as number) : (query.after ?? 0);
    // Followers of a run share one reader of its history; a replay alone reads its own.
    return streamEvents(c, ctx, (signal) =>
      query.follow === "false"
        ? framesOf(ctx.wf.history(id, { after, follow: false, signal }))
        : ctx.broadcasts.follow(id, after, signal),
    ) as never;
  });
  app.openapi(resumeRun, (c) => {
    const [answer] = ctx.wf.resumeEach([c.req.valid("param").id]);
    if (answer === undefined) throw new Error("resumeEach answered nothing");
    if ("error" in answer) throw answer.error;
    c.header("Location", `/v1/runs/${answer.id}`);
    return c.json({ run: { id: answer.id, status: "running" } }, 202);
  });
  app.openapi(cancelRun, async (c) => {
    const { id } = c.req.valid("param");
    const { wait } = c.req.valid("query");
    return c.json({ run: asObject(toJsonValue(await ctx.wf.cancelRun(id, wait))) }, 200);
  });
}

/** A run's events as frames, their sequence numbers as ids. */
async function* framesOf(events: AsyncIterable<FlowEvent>): AsyncGenerator<string> {
  for await (const event of events) yield sseFrame(String(event.seq), event);
}
