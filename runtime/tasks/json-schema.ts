import { z } from "zod";
import { taskDefinitionSchema } from "./definition-schema.js";

/** File name of the shipped JSON Schema, under `schemas/` in the package. */
export const taskDefinitionSchemaFile = "task-definition.schema.json";

/**
 * The JSON Schema editors use to validate `*.task.json` files (through `$schema`), generated from
 * the same zod schema the runtime validates with, so the two cannot disagree.
 */
export function taskDefinitionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(taskDefinitionSchema, { io: "input", target: "draft-2020-12" }),
    title: "wasmflow task definition",
  };
}
