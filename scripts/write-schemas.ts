import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { flowDefinitionJsonSchema, flowDefinitionSchemaFile } from "../runtime/flows/definition/index.js";
import { projectConfigJsonSchema, projectConfigSchemaFile } from "../runtime/project/index.js";
import { taskDefinitionJsonSchema, taskDefinitionSchemaFile } from "../runtime/tasks/json-schema.js";

// Regenerates the JSON Schema files shipped in `schemas/`; a test fails when they are stale.
const dir = join(process.cwd(), "schemas");
for (const [file, schema] of [
  [taskDefinitionSchemaFile, taskDefinitionJsonSchema()],
  [flowDefinitionSchemaFile, flowDefinitionJsonSchema()],
  [projectConfigSchemaFile, projectConfigJsonSchema()],
] as const) {
  writeFileSync(join(dir, file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${file}`);
}
