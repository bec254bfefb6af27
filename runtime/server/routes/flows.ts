import { z } from "@hono/zod-openapi";
import { isTraceparent, toJsonValue } from "../../index.js";
import type { Api, ApiContext } from "../api-context.js";
import { asObject, errorResponses, json, objectSchema, referenceSchema, route } from "../schemas.js";

const listFlows = route({
  method: "get",
  path: "/v1/flows",
  summary: "Registered flows, the latest revision of each",
  responses: { 200: json(z.object({ flows: z.array(objectSchema("Flow")) }), "the flows"), ...errorResponses },
});

const showFlow = route({
  method: "get",
  path: "/v1/flows/{ref}",
  summary:
    "A flow (`name` or `name@N`): its definition, and its graph's analysis with every edge and the type it carries, and a Mermaid drawing",
  request: {
    params: z.object({ ref: referenceSchema }),
    query: z.object({ paths: z.coerce.number().int().min(0).max(10_000).optional() }).openapi({
      description: "`paths`: list at most this many root-to-leaf paths (default 100)",
    }),
  },
  responses: {
    200: json(z.object({ flow: objectSchema("Flow"), graph: objectSchema("GraphReport") }), "the flow"),
    ...errorResponses,
  },
});

const startRun = route({
  method: "post",
  path: "/v1/flows/{ref}/runs",
  summary: "Start a run of a flow; with `wait`, answer the finished run if it ends in time",
  description:
    "The body's `input` is the flow's input in the JSON form `task run --input` reads (64-bit integers " +
    "past 2^53 as strings, bytes as base64). An `Idempotency-Key` header names the run: the same key " +
    "with the same input answers the same run, with another input IDEMPOTENCY_CONFLICT. Without `wait`, " +
    "or if the run does not end within it, the answer is 202 with the run's id and `Location`.",
  request: {
    params: z.object({ ref: referenceSchema }),
    query: z.object({ wait: z.coerce.number().int().min(0).max(600_000).optional() }),
    headers: z.object({
      "idempotency-key": z.string().min(1).max(256).optional(),
      traceparent: z.string().max(256).optional().openapi({
        description:
          "a W3C trace context, recorded on the run (`traceparent` in its details); a malformed one is ignored",
      }),
    }),
    body: { content: { "application/json": { schema: z.object({ input: z.unknown().optional() }).strict() } } },
  },
  responses: {
    200: json(z.object({ run: objectSchema("RunResult") }), "the run ended within `wait`"),
    202: json(
      z.object({ run: z.object({ id: z.string(), status: z.string(), reused: z.boolean() }) }),
      "the run started (or `reused`: the idempotency key named an earlier run)",
    ),
    409: json(objectSchema("Error"), "the idempotency key names a run with another input"),
    422: json(objectSchema("Error"), "the input does not match the flow's input type"),
    ...errorResponses,
  },
});

export function flowRoutes(app: Api, ctx: ApiContext): void {
  app.openapi(listFlows, (c) => c.json({ flows: ctx.wf.flows.list() as never[] }, 200));
  app.openapi(showFlow, (c) => {
    const { registered, graph } = ctx.wf.describeRegisteredFlow(c.req.valid("param").ref);
    const limit = c.req.valid("query").paths;
    return c.json({ flow: asObject(registered), graph: asObject(graph.report(limit)) }, 200);
  });
  app.openapi(startRun, async (c) => {
    const { ref } = c.req.valid("param");
    const { wait } = c.req.valid("query");
    const headers = c.req.valid("header");
    const key = headers["idempotency-key"];
    const trace = headers.traceparent;
    const { input } = c.req.valid("json");
    const run = await ctx.wf.startFlow(ref, input, {
      format: "json",
      ...(key === undefined ? {} : { idempotencyKey: key }),
      ...(trace !== undefined && isTraceparent(trace) ? { traceparent: trace } : {}),
    });
    c.header("Location", `/v1/runs/${run.id}`);
    if (wait !== undefined && wait > 0) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), wait);
      });
      const ended = await Promise.race([run.result, timedOut]);
      clearTimeout(timer);
      if (ended !== undefined) return c.json({ run: asObject(toJsonValue(ended)) }, 200);
    }
    return c.json({ run: { id: run.id, status: "running", reused: run.reused } }, 202);
  });
}
