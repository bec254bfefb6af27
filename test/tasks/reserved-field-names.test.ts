import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DefinitionError, type Issue } from "../../runtime/errors/index.js";
import { parseFlowDefinition } from "../../runtime/flows/definition/index.js";
import { parseTaskDefinition } from "../../runtime/tasks/index.js";
import { parseValueType, ValueTypeSyntaxError } from "../../runtime/values/index.js";
import { cli } from "../helpers/cli.js";

// Declarations are JSON text, parsed as a file would be: only JSON.parse makes `__proto__` an own
// key (an object literal would set the prototype instead).
const forms: Record<string, (name: string) => string> = {
  "the text form": (name) => `"record{${name}: u32}"`,
  "the object form": (name) => `{"${name}": "u32", "a": "u32"}`,
  "the object form, alone": (name) => `{"${name}": "u32"}`,
  "the object form, holding a record": (name) => `{"${name}": {"b": "u32"}, "a": "u32"}`,
  "a nested object": (name) => `{"a": {"${name}": "u32", "b": "u32"}}`,
  "text nested in an object": (name) => `{"a": "list<record{${name}: u32}>"}`,
};
// Where the issue path points below `input` or `output`: the object form's fields down to the name.
const fieldsTo: Record<string, (name: string) => string> = {
  "the text form": () => "",
  "the object form": (name) => `.${name}`,
  "the object form, alone": (name) => `.${name}`,
  "the object form, holding a record": (name) => `.${name}`,
  "a nested object": (name) => `.a.${name}`,
  "text nested in an object": () => ".a",
};

const taskText = (field: "input" | "output", declaration: string) =>
  `{"name": "demo", "abi": "sdk", "module": "demo.wasm", "input": "string", "output": "string", "${field}": ${declaration}}`;

const flowText = (declaration: string) =>
  `{"name": "greet", "input": ${declaration}, "steps": [{"id": "a", "task": "slugify", "input": {"text": "'x'"}}], "output": {"a": "steps.a.output"}}`;

function issuesOf(parse: () => unknown): Issue[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof DefinitionError) return [...error.issues];
    throw error;
  }
  throw new Error("accepted");
}

const places: Record<string, (declaration: string) => Issue[]> = {
  "a task's input": (declaration) => issuesOf(() => parseTaskDefinition(JSON.parse(taskText("input", declaration)))),
  "a task's output": (declaration) => issuesOf(() => parseTaskDefinition(JSON.parse(taskText("output", declaration)))),
  "a flow's input": (declaration) => issuesOf(() => parseFlowDefinition(JSON.parse(flowText(declaration)))),
};
const pathOf: Record<string, string> = {
  "a task's input": "input",
  "a task's output": "output",
  "a flow's input": "input",
};

const names = ["__proto__", "constructor", "prototype"];
const rows = names.flatMap((name) => Object.keys(forms).map((form) => [name, form] as const));

describe.each(rows)("the field name %s in %s", (name, form) => {
  const declaration = (forms[form] as (name: string) => string)(name);

  test("is refused by the type parser", () => {
    expect(() => parseValueType(JSON.parse(declaration))).toThrow(ValueTypeSyntaxError);
    expect(() => parseValueType(JSON.parse(declaration))).toThrow(`field name "${name}" is reserved`);
  });

  test.each(Object.keys(places))("is refused as TYPE_SYNTAX in %s", (place) => {
    const issues = (places[place] as (declaration: string) => Issue[])(declaration);
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: "TYPE_SYNTAX",
        path: `${pathOf[place]}${fieldsTo[form]?.(name)}`,
        message: expect.stringContaining(`field name "${name}" is reserved`),
      }),
    );
  });
});

test("task add refuses a definition file declaring a __proto__ field, exit code 2", () => {
  const dir = mkdtempSync(join(tmpdir(), "wf-reserved-"));
  const file = join(dir, "demo.task.json");
  writeFileSync(file, taskText("input", forms["the object form"]?.("__proto__") ?? ""));
  const result = cli(["task", "add", file, "--json", "--home", join(dir, "home")]);
  expect(result.code).toBe(2);
  expect(result.json()).toMatchObject({
    error: { code: "DEFINITION_INVALID", issues: [{ code: "TYPE_SYNTAX", path: "input.__proto__" }] },
  });
});
