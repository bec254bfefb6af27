import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { flowDefinitionJsonSchema, flowDefinitionSchemaFile } from "../../runtime/flows/definition/index.js";
import { projectConfigJsonSchema, projectConfigSchemaFile } from "../../runtime/project/index.js";
import { taskDefinitionJsonSchema, taskDefinitionSchemaFile } from "../../runtime/tasks/index.js";

const shipped = (file: string) => JSON.parse(readFileSync(new URL(`../../schemas/${file}`, import.meta.url), "utf8"));

test.each([
  [taskDefinitionSchemaFile, taskDefinitionJsonSchema],
  [flowDefinitionSchemaFile, flowDefinitionJsonSchema],
  [projectConfigSchemaFile, projectConfigJsonSchema],
])("schemas/%s is generated from the current zod schema (npm run schemas)", (file, generate) => {
  expect(shipped(file)).toEqual(generate());
});

test("the task definition JSON Schema forbids unknown keys and requires the essentials", () => {
  const schema = taskDefinitionJsonSchema() as { additionalProperties?: boolean; required?: string[] };
  expect(schema.additionalProperties).toBe(false);
  expect(schema.required).toEqual(expect.arrayContaining(["name", "abi", "module", "input", "output"]));
});
