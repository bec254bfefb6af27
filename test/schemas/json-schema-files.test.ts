import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { taskDefinitionJsonSchema, taskDefinitionSchemaFile } from "../../runtime/tasks/index.js";

test("the shipped task definition JSON Schema is generated from the current zod schema (npm run schemas)", () => {
  const shipped = JSON.parse(
    readFileSync(new URL(`../../schemas/${taskDefinitionSchemaFile}`, import.meta.url), "utf8"),
  );
  expect(shipped).toEqual(taskDefinitionJsonSchema());
});

test("the JSON Schema describes the value-type grammar recursively and forbids unknown keys", () => {
  const schema = taskDefinitionJsonSchema() as { additionalProperties?: boolean; required?: string[] };
  expect(schema.additionalProperties).toBe(false);
  expect(schema.required).toEqual(expect.arrayContaining(["name", "abi", "module", "input", "output"]));
});
