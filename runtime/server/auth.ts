import type { MiddlewareHandler } from "hono";
import type { TokenInfo, TokenScope, Wasmflow } from "../index.js";
import { bodyOf } from "./http-errors.js";

const rank: Readonly<Record<TokenScope, number>> = { read: 0, run: 1, admin: 2 };

/** What a request needs: nothing (health, the API document), or a token of at least a scope. */
export function scopeNeeded(method: string, path: string): TokenScope | undefined {
  if (path === "/metrics") return "read";
  if (!path.startsWith("/v1/")) return undefined;
  if (method === "GET" || method === "HEAD") return "read";
  // Starting, cancelling and resuming runs, and running a task once.
  if (method === "POST" && /^\/v1\/(tasks|flows)\/[^/]+\/runs$|^\/v1\/runs\/[^/]+\/(cancel|resume)$/.test(path)) {
    return "run";
  }
  return "admin";
}

/**
 * Once any token exists (and always off loopback, where the server does not start without one),
 * every API request needs `Authorization: Bearer <token>` of a scope that allows it: 401 without
 * a valid one, 403 with one whose scope is too small. Tokens are compared in constant time
 * (`TokenRegistry.verify`) and never logged or echoed.
 */
export function requireTokens(wf: Wasmflow, always: boolean): MiddlewareHandler {
  return async (c, next) => {
    const needed = scopeNeeded(c.req.method, c.req.path);
    if (needed === undefined || (!always && !wf.tokens.any())) return next();
    const header = c.req.header("authorization");
    const token = presentedToken(wf, header);
    if (token === undefined) {
      c.header("WWW-Authenticate", 'Bearer realm="wasmflow"');
      const why =
        bearerOf(header) === undefined ? "this server needs an access token" : "the access token is unknown or revoked";
      return c.json(bodyOf("UNAUTHORIZED", `${why}: send Authorization: Bearer <token> (wasmflow token create)`), 401);
    }
    if (!scopeAllows(token.scope, needed)) {
      return c.json(
        bodyOf("FORBIDDEN", `this needs a token of scope ${needed}; token ${token.id} has scope ${token.scope}`, [], {
          needed,
          scope: token.scope,
        }),
        403,
      );
    }
    return next();
  };
}

/** The token text of an `Authorization: Bearer <token>` header. */
function bearerOf(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
}

/** The valid, unrevoked token an `Authorization` header presents, if any. */
export function presentedToken(wf: Wasmflow, header: string | undefined): TokenInfo | undefined {
  const text = bearerOf(header);
  return text === undefined ? undefined : wf.tokens.verify(text);
}

/** Whether `scope` allows what `needed` guards. */
export function scopeAllows(scope: TokenScope, needed: TokenScope): boolean {
  return rank[scope] >= rank[needed];
}
