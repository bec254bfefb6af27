import { expect, test } from "vitest";
import { parseFlowDefinition } from "../../../runtime/flows/definition/index.js";
import { definitionIssues, flowJson } from "./flow-definition.js";

/** Parses like a file would be: `__proto__` becomes an own key, not a prototype. */
function fromText(text: string): unknown {
  return JSON.parse(text);
}

const base = JSON.stringify(flowJson());

test.each([
  [
    "a step input mapping",
    base.replace('"input":{"text":"input.name"}', '"input":{"__proto__":{"polluted":"yes"},"text":"input.name"}'),
    "steps.slug.input.__proto__",
  ],
  [
    "the flow output mapping",
    base.replace('"output":{', '"output":{"__proto__":"steps.slug.output",'),
    "output.__proto__",
  ],
  ["a literal inside a mapping", base.replace('"b":1', '"b":{"__proto__":{"x":1}}'), "steps.sum.input.b.__proto__"],
  [
    "the declared input type",
    base.replace('"input":{"name"', '"input":{"__proto__":"string","name"'),
    "input.__proto__",
  ],
  [
    "initial",
    base.replace('"output":', '"initial":{"__proto__":{"polluted":"yes"},"name":"a","count":1},"output":'),
    "initial.__proto__",
  ],
  ["the root", base.replace('{"name"', '{"__proto__":{"polluted":"yes"},"name"'), "__proto__"],
])("a __proto__ key in %s is refused by name and pollutes nothing", (_where, text, path) => {
  expect(text).toContain("__proto__");
  const issues = definitionIssues(fromText(text));
  expect(issues).toContainEqual({ code: "RESERVED_KEY", path });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("polluted");
});

test("a document nested 100 000 levels deep is refused with one issue, without overflowing the stack", () => {
  const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
  const json = flowJson();
  (json.steps as Record<string, unknown>[])[0] = {
    id: "slug",
    task: "slugify",
    input: { text: JSON.parse(deep) },
  };
  expect(definitionIssues(json)).toEqual([
    { code: "TOO_DEEP", path: expect.stringMatching(/^steps\[0\]\.input\.text/) },
  ]);
});

test("a deeply nested input type is refused before the schema walks it", () => {
  let type: unknown = "string";
  for (let i = 0; i < 10_000; i++) type = { f: type };
  expect(definitionIssues(flowJson({ input: type }))).toEqual([{ code: "TOO_DEEP", path: expect.any(String) }]);
});

test("injection-looking expressions are carried as text, never run", () => {
  const text = "this.constructor.constructor('return process')()";
  const json = flowJson();
  (json.steps as Record<string, unknown>[])[0] = { id: "slug", task: "slugify", input: { text } };
  expect(parseFlowDefinition(json).steps[0]?.input).toEqual({ text });
});
