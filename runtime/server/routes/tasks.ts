import { z } from "@hono/zod-openapi";
import { toJsonValue } from "../../index.js";
import type { Api, ApiContext } from "../api-context.js";
import { asObject, errorResponses, json, objectSchema, referenceSchema, route } from "../schemas.js";

const listTasks = route({
  method: "get",
  path: "/v1/tasks",
  summary: "Registered tasks, the latest revision of each",
  responses: { 200: json(z.object({ tasks: z.array(objectSchema("Task")) }), "the tasks"), ...errorResponses },
});

const showTask = route({
  method: "get",
  path: "/v1/tasks/{ref}",
  summary: "A task (`name` or `name@N`) with its module's inspection",
  request: { params: z.object({ ref: referenceSchema }) },
  responses: {
    200: json(
      z.object({ task: objectSchema("Task"), module: objectSchema("ModuleInfo"), revisions: z.array(z.number()) }),
      "the task, its module's inspection, and the revisions its name has",
    ),
    ...errorResponses,
  },
});

const runTask = route({
  method: "post",
  path: "/v1/tasks/{ref}/runs",
  summary: "Run a task once and answer its output, with the limits and error codes of `task run`",
  request: {
    params: z.object({ ref: referenceSchema }),
    body: {
      content: {
        "application/json": {
          schema: z
            .object({
              input: z.unknown().optional(),
              timeoutMs: z.number().int().min(1).optional().openapi({
                description: "a shorter timeout than the task's own, in ms (a longer one is cut to the task's)",
              }),
              seed: z.number().int().min(0).max(0xffff_ffff).optional().openapi({
                description: "seed of the guest's Math.random (default 0: calls replay exactly)",
              }),
            })
            .strict(),
        },
      },
    },
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
    const revisions = ctx.wf.tasks.revisions(task.name).map((r) => r.revision);
    return c.json({ task: asObject(task), module: asObject(ctx.wf.tasks.inspect(ref)), revisions }, 200);
  });
  app.openapi(runTask, async (c) => {
    const { ref } = c.req.valid("param");
    const { input, timeoutMs, seed } = c.req.valid("json");
    // A caller may shorten the task's timeout, never lengthen it: the definition is the admin's.
    const own = timeoutMs === undefined ? undefined : ctx.wf.tasks.get(ref).definition.limits.timeoutMs;
    const result = await ctx.wf.run(ref, input ?? {}, {
      format: "json",
      ...(timeoutMs === undefined ? {} : { timeoutMs: Math.min(timeoutMs, own ?? timeoutMs) }),
      ...(seed === undefined ? {} : { seed }),
    });
    return c.json(asObject(toJsonValue(result)), 200);
  });
}
