import { z } from "@hono/zod-openapi";
import type { Api, ApiContext } from "../api-context.js";
import { route } from "../schemas.js";

const status = z.object({ status: z.string() }).openapi("Health");

const healthz = route({
  method: "get",
  path: "/healthz",
  summary: "The process is alive",
  responses: { 200: { description: "alive", content: { "application/json": { schema: status } } } },
});

const readyz = route({
  method: "get",
  path: "/readyz",
  summary: "The store is open and the worker pool started",
  responses: {
    200: { description: "ready", content: { "application/json": { schema: status } } },
    503: { description: "not ready (starting or shutting down)", content: { "application/json": { schema: status } } },
  },
});

export function healthRoutes(app: Api, ctx: ApiContext): void {
  app.openapi(healthz, (c) => c.json({ status: "alive" }, 200));
  app.openapi(readyz, (c) => (ctx.ready() ? c.json({ status: "ready" }, 200) : c.json({ status: "not ready" }, 503)));
}
