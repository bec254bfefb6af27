import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { flowDefinitionJsonSchema, flowDefinitionSchemaFile } from "../../../runtime/flows/definition/index.js";

interface ObjectSchema {
  additionalProperties?: unknown;
  required?: string[];
  properties?: Record<string, { items?: ObjectSchema; maxItems?: number }>;
}

test("the flow JSON Schema forbids unknown keys and bounds the number of steps", () => {
  const schema = flowDefinitionJsonSchema() as ObjectSchema;
  expect(schema.additionalProperties).toBe(false);
  expect(schema.required).toEqual(expect.arrayContaining(["name", "input", "steps", "output"]));
  const steps = schema.properties?.steps;
  expect(steps?.maxItems).toBe(10_000);
  expect(steps?.items?.additionalProperties).toBe(false);
  expect(steps?.items?.required).toEqual(expect.arrayContaining(["id", "task", "input"]));
});

test("the shipped flow JSON Schema is generated from the current zod schema", () => {
  const shipped = JSON.parse(
    readFileSync(new URL(`../../../schemas/${flowDefinitionSchemaFile}`, import.meta.url), "utf8"),
  );
  expect(shipped).toEqual(flowDefinitionJsonSchema());
});
