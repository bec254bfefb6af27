import { expect, test } from "vitest";
import { parseTaskDefinition } from "../../runtime/tasks/index.js";
import { parseValueType, ValueTypeSyntaxError } from "../../runtime/values/index.js";

const depths = [2_000, 10_000, 100_000];

const nestedObject = (levels: number, leaf: string) => `${'{"a": '.repeat(levels)}${leaf}${"}".repeat(levels)}`;
const definitionWith = (field: string, json: string) =>
  `{"name": "demo", "abi": "sdk", "module": "demo.wasm", "input": "string", "output": "string", ${field}: ${json}}`;

/** What was thrown, parsed from JSON text the way a file would be. */
function thrownBy(parse: (json: unknown) => unknown, text: string): unknown {
  const json = JSON.parse(text);
  try {
    parse(json);
  } catch (error) {
    return error;
  }
  throw new Error("accepted");
}

// Each nested input, the parser that reads it, and the refusal expected at any of the depths.
const inputs: [string, (levels: number) => string, (json: unknown) => unknown, Record<string, unknown>][] = [
  [
    "a type's text form (lists)",
    (n) => JSON.stringify(`${"list<".repeat(n)}u32${">".repeat(n)}`),
    parseValueType,
    { name: "ValueTypeSyntaxError" },
  ],
  [
    "a type's text form (records)",
    (n) => JSON.stringify(`${"record{a: ".repeat(n)}u32${"}".repeat(n)}`),
    parseValueType,
    { name: "ValueTypeSyntaxError" },
  ],
  ["a type's object form", (n) => nestedObject(n, '"u32"'), parseValueType, { name: "ValueTypeSyntaxError" }],
  [
    "a task definition's input type (object form)",
    (n) => definitionWith('"input"', nestedObject(n, '"u32"')),
    parseTaskDefinition,
    { code: "DEFINITION_INVALID", issues: [{ code: "TOO_DEEP", path: expect.stringMatching(/^input\.a\.a/) }] },
  ],
  [
    "a task definition's output type (object form)",
    (n) => definitionWith('"output"', nestedObject(n, '"u32"')),
    parseTaskDefinition,
    { code: "DEFINITION_INVALID", issues: [{ code: "TOO_DEEP", path: expect.stringMatching(/^output\.a\.a/) }] },
  ],
  [
    "a task definition's limits",
    (n) => definitionWith('"limits"', nestedObject(n, "1")),
    parseTaskDefinition,
    { code: "DEFINITION_INVALID", issues: [{ code: "TOO_DEEP" }] },
  ],
  [
    "an unknown key of a task definition",
    (n) => definitionWith('"extra"', `${"[".repeat(n)}${"]".repeat(n)}`),
    parseTaskDefinition,
    { code: "DEFINITION_INVALID", issues: [{ code: "TOO_DEEP", path: expect.stringMatching(/^extra\[0\]/) }] },
  ],
];

const rows = inputs.flatMap(([name, build, parse, refusal]) =>
  depths.map((levels) => [name, levels, build, parse, refusal] as const),
);

test.each(rows)(
  "%s nested %i deep is refused cleanly, without a stack overflow",
  (_name, levels, build, parse, refusal) => {
    const error = thrownBy(parse, build(levels));
    expect(error).not.toBeInstanceOf(RangeError);
    expect(error).toMatchObject(refusal);
  },
);

test("a type nested 33 deep in a task definition is still a TYPE_SYNTAX issue of the type", () => {
  const error = thrownBy(parseTaskDefinition, definitionWith('"input"', nestedObject(33, '"u32"')));
  // The issue names the field where the nesting goes past the limit.
  expect(error).toMatchObject({ issues: [{ code: "TYPE_SYNTAX", path: `input${".a".repeat(33)}` }] });
  expect(thrownBy(parseValueType, nestedObject(33, '"u32"'))).toBeInstanceOf(ValueTypeSyntaxError);
});
