import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import type { Logger } from "pino";
import { fromZodIssues, moduleCaps } from "../index.js";
import type { ApiContext } from "./api-context.js";
import { requireTokens } from "./auth.js";
import { dashboardRoutes } from "./dashboard-files.js";
import { bodyOf, errorResponse } from "./http-errors.js";
import { eventRoutes } from "./routes/events.js";
import { flowRoutes } from "./routes/flows.js";
import { healthRoutes } from "./routes/health.js";
import { registrationRoutes } from "./routes/registration.js";
import { runRoutes } from "./routes/runs.js";
import { sessionRoutes } from "./routes/session.js";
import { statsRoutes } from "./routes/stats.js";
import { taskRoutes } from "./routes/tasks.js";
import { bearerScheme } from "./schemas.js";

/** The cap on a JSON body (an input, a definition). */
export const maxJsonBodyBytes = 1024 * 1024;
/** The cap on a task's registration: its module in base64 (4 bytes per 3) and its definition. */
export const maxUploadBodyBytes = Math.ceil((moduleCaps.maxModuleBytes * 4) / 3) + maxJsonBodyBytes;

/**
 * The HTTP API over one runtime: routes declared with their zod schemas (the OpenAPI document at
 * `/openapi.json` is generated from them), one error shape everywhere, bodies capped before they
 * are read. Every route goes through the library's public API, as the CLI does.
 */
export function createApi(ctx: ApiContext, version: string): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      const issues = fromZodIssues(result.error.issues);
      const where = issues[0]?.path === undefined || issues[0].path === "" ? "" : ` at ${issues[0].path}`;
      return c.json(
        bodyOf("REQUEST_INVALID", `the request's ${result.target} is not valid${where}: ${issues[0]?.message}`, issues),
        400,
      );
    },
  });
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      // Hono's own refusals: a body that is not JSON, say.
      const code = error.status === 413 ? "REQUEST_TOO_LARGE" : "REQUEST_INVALID";
      return c.json(bodyOf(code, error.message || "the request is malformed"), error.status === 413 ? 413 : 400);
    }
    return errorResponse(c, error);
  });
  app.use("*", requestId());
  app.use("*", ctx.metrics.middleware());
  if (ctx.logger !== undefined) app.use("*", requestLog(ctx.logger));
  app.notFound((c) => c.json(bodyOf("ROUTE_NOT_FOUND", `no route ${c.req.method} ${c.req.path}`), 404));
  app.use("/v1/*", requireTokens(ctx.wf, ctx.tokensAlways));
  const capped = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => {
        // Answered before the body is read: the connection cannot carry another request after it.
        c.header("Connection", "close");
        return c.json(bodyOf("REQUEST_TOO_LARGE", `this request's body is at most ${maxSize} bytes`), 413);
      },
    });
  const jsonCap = capped(maxJsonBodyBytes);
  const uploadCap = capped(maxUploadBodyBytes);
  app.use("/v1/*", (c, next) => (c.req.method === "POST" && c.req.path === "/v1/tasks" ? uploadCap : jsonCap)(c, next));
  app.use("/v1/*", async (c, next) => {
    // A body of another kind would be read as no body at all: refused instead.
    const type = c.req.header("content-type");
    if (c.req.method === "POST" && type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
      return c.json(
        bodyOf("REQUEST_INVALID", `a request body is JSON (Content-Type: application/json), not ${type}`),
        415,
      );
    }
    return next();
  });
  app.use("/metrics", requireTokens(ctx.wf, ctx.tokensAlways));
  app.get("/metrics", async (c) => {
    c.header("Content-Type", ctx.metrics.registry.contentType);
    return c.body(await ctx.metrics.registry.metrics());
  });
  healthRoutes(app, ctx);
  registrationRoutes(app, ctx);
  taskRoutes(app, ctx);
  flowRoutes(app, ctx);
  runRoutes(app, ctx);
  eventRoutes(app, ctx);
  sessionRoutes(app, ctx);
  statsRoutes(app, ctx);
  app.openAPIRegistry.registerComponent("securitySchemes", bearerScheme, {
    type: "http",
    scheme: "bearer",
    description:
      "An access token (`wasmflow token create --scope read|run|admin`), needed once any token exists and always off loopback; each route lists the scope it needs.",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "wasmflow", version, description: "Tasks, flows and runs of one wasmflow home." },
  });
  // Last, so no page path can shadow a route of the API.
  if (ctx.dashboard !== undefined) dashboardRoutes(app, ctx.dashboard);
  return app;
}

/**
 * One JSON line per request: its id (also answered as `X-Request-Id`), method, route pattern,
 * status and time; never a header, so never a token.
 */
function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get("requestId"),
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      "request",
    );
  };
}
