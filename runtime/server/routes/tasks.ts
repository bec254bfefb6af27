import { createRoute, z } from "@hono/zod-openapi";
import { toJsonValue } from "../../index.js";
import type { Api, ApiContext } from "../api-context.js";
import { asObject, errorResponses, json, objectSchema, referenceSchema } from "../schemas.js";

const listTasks = createRoute({
  method: "get",
  path: "/v1/tasks",
  summary: "Registered tasks, the latest revision of each",
  responses: { 200: json(z.object({ tasks: z.array(objectSchema("Task")) }), "the tasks"), ...errorResponses },
});

const showTask = createRoute({
  method: "get",
  path: "/v1/tasks/{ref}",
  summary: "A task (`name` or `name@N`) with its module's inspection",
  request: { params: z.object({ ref: referenceSchema }) },
  responses: {
    200: json(z.object({ task: objectSchema("Task"), module: objectSchema("ModuleInfo") }), "the task"),
    ...errorResponses,
  },
});

const runTask = createRoute({
  method: "post",
  path: "/v1/tasks/{ref}/runs",
  summary: "Run a task once and answer its output, with the limits and error codes of `task run`",
  request: {
    params: z.object({ ref: referenceSchema }),
    body: { content: { "application/json": { schema: z.object({ input: z.unknown().optional() }).strict() } } },
  },
  responses: {
    200: json(objectSchema("RunResult"), "the call's output, logs and timing"),
    422: json(objectSchema("Error"), "the call failed (TRAP, TIMEOUT, TASK_FAILED …) or its input was refused"),
    429: json(objectSchema("Error"), "the pool's queue is full (QUEUE_FULL): try again after `Retry-After`"),
    ...errorResponses,
  },
});

export function taskRoutes(app: Api, ctx: ApiContext): void {
  app.openapi(listTasks, (c) => c.json({ tasks: ctx.wf.tasks.list() as never[] }, 200));
  app.openapi(showTask, (c) => {
    const { ref } = c.req.valid("param");
    const task = ctx.wf.tasks.get(ref);
    return c.json({ task: asObject(task), module: asObject(ctx.wf.tasks.inspect(ref)) }, 200);
  });
  app.openapi(runTask, async (c) => {
    const { ref } = c.req.valid("param");
    const { input } = c.req.valid("json");
    const result = await ctx.wf.run(ref, input ?? {}, { format: "json" });
    return c.json(asObject(toJsonValue(result)), 200);
  });
}
