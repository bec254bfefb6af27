import { z } from "zod";
import { flowDefinitionSchema } from "./flow-schema.js";

/** File name of the shipped JSON Schema, under `schemas/` in the package. */
export const flowDefinitionSchemaFile = "flow-definition.schema.json";

/**
 * The JSON Schema editors use to validate `*.flow.json` files (through `$schema`), generated from
 * the same zod schema the runtime validates with, so the two cannot disagree.
 */
export function flowDefinitionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(flowDefinitionSchema, { io: "input", target: "draft-2020-12" }),
    title: "wasmflow flow definition",
  };
}
