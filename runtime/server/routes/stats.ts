import { z } from "@hono/zod-openapi";
import type { Api, ApiContext } from "../api-context.js";
import { errorResponses, json, route } from "../schemas.js";

const stats = z
  .object({
    runs: z.array(z.object({ flow: z.string(), status: z.string(), count: z.number() })).openapi({
      description: "how many runs each flow has in each stored status (`running` counts interrupted runs too)",
    }),
    live: z.number().openapi({ description: "runs a live process is executing now" }),
    pool: z.object({ running: z.number(), queued: z.number() }),
    calls: z.array(z.object({ task: z.string(), outcome: z.string(), count: z.number() })).openapi({
      description: "task calls finished since the server started, by task and outcome (ok, or the error code)",
    }),
  })
  .openapi("Stats");

const showStats = route({
  method: "get",
  path: "/v1/stats",
  summary: "Runs by flow and status, live runs, the worker pool's load, and task calls by outcome",
  responses: { 200: json(stats, "the counts"), ...errorResponses },
});

/** The numbers an overview starts from; what changes after is read from the event feed. */
export function statsRoutes(app: Api, ctx: ApiContext): void {
  app.openapi(showStats, async (c) => {
    const load = ctx.wf.load();
    return c.json(
      {
        runs: ctx.wf.runs.counts(),
        live: ctx.wf.runs.live().length,
        pool: { running: load.running, queued: load.queued },
        calls: await ctx.metrics.callCounts(),
      },
      200,
    );
  });
}
