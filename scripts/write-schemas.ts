import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { taskDefinitionJsonSchema, taskDefinitionSchemaFile } from "../runtime/tasks/json-schema.js";

// Regenerates the JSON Schema files shipped in `schemas/`; a test fails when they are stale.
const dir = join(process.cwd(), "schemas");
writeFileSync(join(dir, taskDefinitionSchemaFile), `${JSON.stringify(taskDefinitionJsonSchema(), null, 2)}\n`);
console.log(`wrote schemas/${taskDefinitionSchemaFile}`);
