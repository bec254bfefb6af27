import { expect, test } from "vitest";
import { DefinitionError } from "../../runtime/errors/index.js";
import { loadFlowDefinition } from "../../runtime/flows/definition/index.js";
import { loadTaskDefinition, parseJsonText } from "../../runtime/tasks/index.js";
import { tempProject } from "../helpers/project.js";

// Regression: a file that is not JSON was reported with the engine's message, an offset at best
// ("at position 57"), and for some mistakes the whole text quoted back instead of a place.
test.each([
  ['{\n  "steps": [1, 2,],\n}', 'line 2, column 18: expected a value, found "]" (JSON allows no comma before it)'],
  [
    '{\n  "a": 1,\n}',
    'line 3, column 1: expected a property name in double quotes, found "}" (JSON allows no comma before it)',
  ],
  ['{\n  "name": "x" "y"\n}', `line 2, column 15: expected "," or the end of the list or object, found '"y"'`],
  ['{\n  // a comment\n  "a": 1\n}', 'line 2, column 3: JSON allows no comments, found "// a comment"'],
  [
    '{"a": "two\nlines"}',
    `line 1, column 7: a string not closed on its line (a line break inside a string is written \\n), found '"two'`,
  ],
  ["{'a': 1}", `line 1, column 2: unexpected character, found "'a'" (JSON quotes strings with ", not ')`],
  ['{"a": }', 'line 1, column 7: expected a value, found "}"'],
  ['{"a": 1}}', 'line 1, column 9: expected the end of the text after the JSON value, found "}"'],
  ["", "line 1, column 1: expected a value, found the end of the text"],
  ['{"a": 1', 'line 1, column 8: expected "}", found the end of the text'],
  ['{\r\n  "a": tru\r\n}', 'line 2, column 8: unexpected character, found "tru"'],
])("%j: %s", (text, message) => {
  expect(parseJsonText(text)).toEqual({
    problem: {
      line: Number(/line (\d+)/.exec(message)?.[1]),
      column: Number(/column (\d+)/.exec(message)?.[1]),
      message,
    },
  });
});

test("JSON is parsed as JSON.parse parses it", () => {
  expect(parseJsonText('{"__proto__": {"x": 1}, "a": [1, "b"]}')).toEqual({
    value: JSON.parse('{"__proto__": {"x": 1}, "a": [1, "b"]}'),
  });
  expect(Object.hasOwn((parseJsonText('{"__proto__": 1}') as { value: object }).value, "__proto__")).toBe(true);
});

test.each([
  ["a flow file", "bad.flow.json", loadFlowDefinition, "flow definition"],
  ["a task definition", "bad.task.json", loadTaskDefinition, "task definition"],
] as const)("%s that is not JSON is refused with the line and column", async (_what, name, load, kind) => {
  const project = tempProject("wf-json-");
  const file = project.write(name, '{\n  "name": "demo",\n  "input": { "text": "string", },\n}\n');
  const error = await load(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DefinitionError);
  expect((error as DefinitionError).issues).toEqual([
    {
      code: "JSON_SYNTAX",
      path: "(root)",
      line: 3,
      column: 32,
      message:
        'line 3, column 32: expected a property name in double quotes, found "}" (JSON allows no comma before it)',
    },
  ]);
  expect((error as DefinitionError).message).toBe(
    `invalid ${kind} (${file})\n  - (root): line 3, column 32: expected a property name in double quotes, found "}" (JSON allows no comma before it)`,
  );
});
