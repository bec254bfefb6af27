import { z } from "@hono/zod-openapi";
import { parseTaskDefinition, UsageError } from "../../index.js";
import type { Api, ApiContext } from "../api-context.js";
import { asObject, errorResponses, json, objectSchema, referenceSchema, route } from "../schemas.js";

const definitionBody = (description: string) => ({
  content: {
    "application/json": {
      schema: z.object({ definition: z.record(z.string(), z.unknown()).openapi({ description }) }).strict(),
    },
  },
});

const addTask = route({
  method: "post",
  path: "/v1/tasks",
  summary: "Register a task: its definition and its module (base64), checked against each other",
  description:
    "The body is JSON: `definition` is the task definition as in a `*.task.json` (its `module` path is " +
    "not read), `module` the WebAssembly bytes in base64. The same checks as `task add` run, every " +
    "problem answered at once (422). A definition and module already registered answer `unchanged`.",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z
            .object({
              definition: z.record(z.string(), z.unknown()),
              module: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "the module's bytes in base64"),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    201: json(z.object({ task: objectSchema("Task"), status: z.enum(["created", "unchanged"]) }), "registered"),
    422: json(objectSchema("Error"), "the definition or the module fails its checks (every issue listed)"),
    ...errorResponses,
  },
});

const removeTask = route({
  method: "delete",
  path: "/v1/tasks/{ref}",
  summary: "Remove a task (every revision) or one revision (`name@N`); runs keep their pinned copies",
  request: { params: z.object({ ref: referenceSchema }) },
  responses: { 200: json(z.object({ removed: z.number() }), "how many revisions were removed"), ...errorResponses },
});

const addFlow = route({
  method: "post",
  path: "/v1/flows",
  summary: "Register a flow: checked against the registered tasks, stored as its name's next revision",
  request: { body: definitionBody("the flow definition, as in a *.flow.json") },
  responses: {
    201: json(z.object({ flow: objectSchema("Flow"), status: z.enum(["created", "unchanged"]) }), "registered"),
    422: json(objectSchema("Error"), "the definition fails its checks (every issue listed)"),
    ...errorResponses,
  },
});

const validateFlow = route({
  method: "post",
  path: "/v1/flows/validate",
  summary: "Check a flow definition against the registered tasks without registering it",
  request: { body: definitionBody("the flow definition, as in a *.flow.json") },
  responses: {
    200: json(z.object({ valid: z.literal(true), flow: z.string(), steps: z.number() }), "it would register"),
    422: json(objectSchema("Error"), "the definition fails its checks (every issue listed)"),
    ...errorResponses,
  },
});

const removeFlow = route({
  method: "delete",
  path: "/v1/flows/{ref}",
  summary: "Remove a flow (every revision) or one revision (`name@N`); its runs are kept",
  request: { params: z.object({ ref: referenceSchema }) },
  responses: { 200: json(z.object({ removed: z.number() }), "how many revisions were removed"), ...errorResponses },
});

/** Registering and removing tasks and flows: the `admin` scope's routes. */
export function registrationRoutes(app: Api, ctx: ApiContext): void {
  app.openapi(addTask, async (c) => {
    const body = c.req.valid("json");
    const bytes = Buffer.from(body.module, "base64");
    if (bytes.byteLength === 0) throw new UsageError("module is empty: send the WebAssembly bytes in base64");
    const result = await ctx.wf.tasks.registerChecked(parseTaskDefinition(body.definition), bytes);
    return c.json({ task: asObject(result.task), status: result.status }, 201);
  });
  app.openapi(removeTask, (c) => c.json({ removed: ctx.wf.tasks.remove(c.req.valid("param").ref) }, 200));
  app.openapi(validateFlow, (c) => {
    const { definition } = ctx.wf.checkFlowDefinition(c.req.valid("json").definition);
    return c.json({ valid: true as const, flow: definition.name, steps: definition.steps.length }, 200);
  });
  app.openapi(addFlow, (c) => {
    const { definition } = ctx.wf.checkFlowDefinition(c.req.valid("json").definition);
    const result = ctx.wf.flows.add(definition);
    return c.json({ flow: asObject(result.flow), status: result.status }, 201);
  });
  app.openapi(removeFlow, (c) => c.json({ removed: ctx.wf.flows.remove(c.req.valid("param").ref) }, 200));
}
