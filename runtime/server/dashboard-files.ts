import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { packagePath } from "../package-root.js";

/** Where `npm run build` puts the dashboard: its files ship in the package. */
export function defaultDashboardRoot(): string {
  return packagePath("dist", "dashboard");
}

// The dashboard loads only its own files and talks only to this origin. Styles may be inline:
// the graph library positions its nodes with style attributes.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** Paths the API answers: never the dashboard's, whatever they ask for. */
const apiPath = /^\/(v1|metrics|openapi\.json|healthz|readyz)(\/|$)/;

/**
 * Serves the dashboard's built files at `/` from `root`: assets as files (their names carry a
 * content hash, so they are cached for good; gzip/brotli copies are sent to clients that take
 * them), and `index.html` for any other page path, where the dashboard's router takes over.
 * Without the built files (a source tree not yet built), `/` says how to build them.
 */
export function dashboardRoutes(app: OpenAPIHono, root: string): void {
  const index = join(root, "index.html");
  const built = existsSync(index);
  const headers: MiddlewareHandler = async (c, next) => {
    await next();
    if (apiPath.test(c.req.path)) return;
    c.header("Content-Security-Policy", contentSecurityPolicy);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    if (c.req.path.startsWith("/assets/") && c.res.status === 200) {
      c.header("Cache-Control", "public, max-age=31536000, immutable");
    }
  };
  app.use("*", headers);
  if (!built) {
    app.get("/", (c) =>
      c.text("The dashboard is not built here: run `npm run build` in the wasmflow package, then reload.\n", 503),
    );
    return;
  }
  app.use("/assets/*", serveStatic({ root, precompressed: true }));
  const page = readFileSync(index, "utf8");
  app.get("*", async (c, next) => {
    if (apiPath.test(c.req.path) || c.req.path.startsWith("/assets/")) return next();
    c.header("Cache-Control", "no-cache");
    return c.html(page);
  });
}
