import { z } from "zod";

/** The project configuration's file name, at the project root. */
export const projectConfigFile = "wasmflow.config.json";

/** File name of the shipped JSON Schema, under `schemas/` in the package. */
export const projectConfigSchemaFile = "project-config.schema.json";

// Folders are relative to the project root; they may not be empty.
const folder = (what: string) => z.string().min(1).describe(what);

/**
 * `wasmflow.config.json`: where a project keeps its parts. Every field is optional; what is
 * absent keeps the layout `wasmflow init` creates, so a project without the file works as before.
 */
export const projectConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe("the JSON Schema editors validate this file with"),
    tasks: folder("folder holding one folder per task (<tasks>/<name>/*.task.json)").default("tasks"),
    flows: folder("folder holding the flow definitions (<flows>/*.flow.json)").default("flows"),
    home: folder(
      "folder of the embedded store; --home and WASMFLOW_HOME take precedence (default: .wasmflow)",
    ).optional(),
  })
  .describe("wasmflow project configuration");

export type ProjectConfig = z.output<typeof projectConfigSchema>;

/** The JSON Schema of `wasmflow.config.json`, generated from the same zod schema the runtime validates with. */
export function projectConfigJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(projectConfigSchema, { io: "input", target: "draft-2020-12" }),
    title: "wasmflow project configuration",
  };
}
