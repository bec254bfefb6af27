import { z } from "@hono/zod-openapi";
import type { Api, ApiContext } from "../api-context.js";
import { presentedToken } from "../auth.js";
import { errorResponses, json, route } from "../schemas.js";

const scopes = z.enum(["read", "run", "admin"]);

const session = z
  .object({
    tokensRequired: z.boolean().openapi({ description: "whether every API request needs a token" }),
    token: z.object({ id: z.string(), name: z.string().optional(), scope: scopes }).nullable(),
    scope: scopes.openapi({
      description: "what this caller may do: its token's scope, or admin where no token is needed",
    }),
  })
  .openapi("Session");

const showSession = route({
  method: "get",
  path: "/v1/session",
  summary: "Who is asking: whether tokens are needed, and the scope of the one presented",
  responses: { 200: json(session, "the caller's scope"), ...errorResponses },
});

/**
 * What the caller may do, so a client (the dashboard) can hide or disable what its token's scope
 * would refuse instead of finding out by a 403. Reaching it already needs a valid token where
 * tokens are required.
 */
export function sessionRoutes(app: Api, ctx: ApiContext): void {
  app.openapi(showSession, (c) => {
    const tokensRequired = ctx.tokensAlways || ctx.wf.tokens.any();
    const token = presentedToken(ctx.wf, c.req.header("authorization"));
    const shown =
      token === undefined
        ? null
        : { id: token.id, scope: token.scope, ...(token.name === undefined ? {} : { name: token.name }) };
    return c.json({ tokensRequired, token: shown, scope: tokensRequired ? (token?.scope ?? "read") : "admin" }, 200);
  });
}
