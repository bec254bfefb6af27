import { describe, expect, test } from "vitest";
import { DefinitionError } from "../../runtime/errors/index.js";
import { parseTaskDefinition, plainMapping } from "../../runtime/tasks/index.js";

import { parseValueType } from "../../runtime/values/index.js";
import { definition } from "../helpers/task-modules.js";

// The plain ABI passes core values (numbers, and pointers for strings, bytes and lists of numbers):
// the WIT kinds have no form there, so a plain task declaring one is refused at registration with
// the issue every other unsupported type gets.

const witKinds = [
  "char",
  "tuple<s32, s32>",
  "enum{a, b}",
  "variant{a(s32), b}",
  "result<s32, string>",
  "result",
  "flags{read, write}",
  "list<char>",
  "list<enum{a}>",
];

function issuesOf(value: unknown): { code: string; path: string; actual?: string | undefined }[] {
  try {
    parseTaskDefinition(value);
  } catch (error) {
    if (error instanceof DefinitionError) return error.issues.map(({ code, path, actual }) => ({ code, path, actual }));
    throw error;
  }
  throw new Error("definition was accepted");
}

describe("a plain task cannot declare the WIT kinds", () => {
  test.each(witKinds)("%s as a parameter is PLAIN_TYPE_UNSUPPORTED", (type) => {
    const issues = issuesOf(definition({ abi: "plain", input: { p: type }, output: "s32" }));
    expect(issues).toEqual([{ code: "PLAIN_TYPE_UNSUPPORTED", path: "input.p", actual: type }]);
  });

  test.each(witKinds)("%s as the output is PLAIN_TYPE_UNSUPPORTED", (type) => {
    const issues = issuesOf(definition({ abi: "plain", input: { a: "s32" }, output: type }));
    expect(issues).toEqual([{ code: "PLAIN_TYPE_UNSUPPORTED", path: "output", actual: type }]);
  });

  test.each(witKinds)("%s has no plain mapping", (type) => {
    expect(plainMapping(parseValueType(type))).toBeUndefined();
  });

  test.each(witKinds)("%s is declared freely by an sdk task", (type) => {
    expect(parseTaskDefinition(definition({ abi: "sdk", input: { p: type }, output: type })).outputType).toEqual(
      parseValueType(type),
    );
  });
});
