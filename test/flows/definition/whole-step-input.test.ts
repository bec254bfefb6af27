import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { DefinitionError } from "../../../runtime/errors/index.js";
import {
  flowDefinitionJsonSchema,
  flowDefinitionSchemaFile,
  parseFlowDefinition,
  stepInputExpressions,
  stepInputForm,
} from "../../../runtime/flows/definition/index.js";
import { definitionIssues, withStep } from "./flow-definition.js";

// A step's `input` is an object (a record input, field by field), one expression (a JSON string:
// the whole input), or a literal (a number, boolean, array or null: the whole input).

describe("the forms a step's input may take", () => {
  test.each([
    ["one expression", "input.name", { kind: "expression", text: "input.name" }],
    ["a number", 3, { kind: "literal", value: 3 }],
    ["a boolean", false, { kind: "literal", value: false }],
    ["null", null, { kind: "literal", value: null }],
    ["an array", [1, "two", { three: 3 }], { kind: "literal", value: [1, "two", { three: 3 }] }],
    ["a mapping", { text: "input.name", n: 2 }, { kind: "mapping", mapping: { text: "input.name", n: 2 } }],
    ["an empty mapping", {}, { kind: "mapping", mapping: {} }],
  ])("%s is accepted, as it was written", (_name, input, form) => {
    const definition = parseFlowDefinition(withStep(0, { input }));
    const step = definition.steps[0];
    expect(step?.input).toEqual(input);
    expect(step === undefined ? undefined : stepInputForm(step.input)).toEqual(form);
  });

  test.each([
    ["an empty expression", "", "TOO_SMALL", "steps.slug.input"],
    ["an expression over the length limit", `input.name + '${"x".repeat(5000)}'`, "TOO_BIG", "steps.slug.input"],
    ["no input", undefined, "INVALID_TYPE", "steps.slug.input"],
    // A mapping's own problems are still named where they are, not as a mismatch of every form.
    ["a mapping with a bad field name", { "a b": "1" }, "INVALID_KEY", "steps.slug.input.a b"],
    ["a mapping with a reserved field name", { constructor: "1" }, "RESERVED_KEY", "steps.slug.input.constructor"],
    ["a mapping with an empty expression", { text: "" }, "TOO_SMALL", "steps.slug.input.text"],
  ])("%s is refused: %s at %s", (_name, input, code, path) => {
    expect(definitionIssues(withStep(0, { input }))).toEqual([{ code, path }]);
  });

  test("a mapping over the field limit is refused as one", () => {
    const input = Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`f${i}`, i]));
    expect(definitionIssues(withStep(0, { input }))).toEqual([{ code: "TOO_MANY_FIELDS", path: "steps.slug.input" }]);
  });

  test("a missing input is told what the forms are", () => {
    let refused: unknown;
    try {
      parseFlowDefinition(withStep(0, { input: undefined }));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DefinitionError);
    expect((refused as DefinitionError).issues).toEqual([
      {
        code: "INVALID_TYPE",
        path: "steps.slug.input",
        at: "steps[0].input",
        expected: "object, string, number, boolean, array or null",
        message:
          "a step's input is an object of field → expression or literal (for a record input), one expression (a JSON string) for the whole input, or a literal number, boolean, array or null",
      },
    ]);
  });

  test("the expressions of an input are found where they are written", () => {
    expect(stepInputExpressions("steps.a.output", "steps[1].input")).toEqual([["steps[1].input", "steps.a.output"]]);
    expect(stepInputExpressions({ x: "input.x", y: 2, z: "'z'" }, "steps[1].input")).toEqual([
      ["steps[1].input.x", "input.x"],
      ["steps[1].input.z", "'z'"],
    ]);
    // Strings inside a literal are literal strings, not expressions.
    expect(stepInputExpressions(["input.x"], "steps[1].input")).toEqual([]);
    expect(stepInputExpressions(null, "steps[1].input")).toEqual([]);
  });
});

interface Schema {
  readonly type?: string;
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly maxProperties?: number;
  readonly properties?: Record<string, Schema>;
  readonly items?: Schema;
}

describe("the flow JSON Schema", () => {
  const inputSchema = () =>
    (flowDefinitionJsonSchema() as Schema).properties?.steps?.items?.properties?.input as Schema;

  test("a step's input is exactly one of a mapping, an expression string and a literal", () => {
    const [mapping, expression, literal] = inputSchema().oneOf ?? [];
    expect(inputSchema().oneOf).toHaveLength(3);
    expect(mapping).toMatchObject({ type: "object", maxProperties: 256 });
    expect(expression).toMatchObject({ type: "string", minLength: 1, maxLength: 4096 });
    expect(literal?.anyOf?.map((form) => form.type)).toEqual(["number", "boolean", "null", "array"]);
  });

  test("the shipped file says so too", () => {
    const shipped = JSON.parse(
      readFileSync(new URL(`../../../schemas/${flowDefinitionSchemaFile}`, import.meta.url), "utf8"),
    ) as Schema;
    expect(shipped.properties?.steps?.items?.properties?.input).toEqual(inputSchema());
  });
});
