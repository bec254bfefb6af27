import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";
import { scopeNeeded } from "./auth.js";

/** The API's error shape (see http-errors.ts). */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.record(z.string(), z.unknown())),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .openapi("Error");

/** An object the library defines (a run, a task, a flow): described by its TypeScript types and the README. */
export const objectSchema = (name: string) => z.record(z.string(), z.unknown()).openapi(name);

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** The errors every route can answer with. */
export const errorResponses = {
  400: json(errorSchema, "the request is malformed (REQUEST_INVALID, USAGE, INPUT_INVALID …)"),
  404: json(errorSchema, "no such task, flow or run"),
  413: json(errorSchema, "the body is over its cap"),
  500: json(errorSchema, "a bug of ours (INTERNAL)"),
  503: json(errorSchema, "the store is busy, full or read-only"),
} as const;

/** A name or `name@revision`: letters, digits and `-_.`, as registration allows. */
export const referenceSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(@[0-9]+)?$/, "a name, or name@revision");

/** A library object as a response field: its JSON shape is the library's (see `objectSchema`). */
export const asObject = (value: unknown): Record<string, never> => value as Record<string, never>;

/** The security scheme the API document names: `Authorization: Bearer <token>`, with the token's scope. */
export const bearerScheme = "bearer";

/**
 * A route, declaring in the API document the token scope it needs — computed by the very rule
 * the token middleware enforces (`scopeNeeded`), so what the document says is what is checked.
 */
export function route<R extends RouteConfig>(config: R) {
  const scope = scopeNeeded(config.method.toUpperCase(), config.path);
  return createRoute(scope === undefined ? config : { ...config, security: [{ [bearerScheme]: [scope] }] });
}
