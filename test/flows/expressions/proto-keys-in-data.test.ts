import { expect, test } from "vitest";
import { compileExpression, evaluate } from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

const scope = {
  input: parseValueType({ user: { name: "string", toString: "option<string>" }, tags: "list<string>" }),
  steps: { prev: { output: parseValueType({ meta: { label: "string" } }) } },
};

const activation = JSON.parse(`{
  "input": {
    "__proto__": { "polluted": true, "user": { "name": "from the prototype" } },
    "user": { "name": "ada", "__proto__": { "isAdmin": true } },
    "tags": ["a"]
  },
  "steps": {
    "__proto__": { "prev": { "output": { "meta": { "label": "forged" } } } },
    "prev": { "output": { "meta": { "label": "real", "__proto__": { "label": "forged" } } } }
  }
}`);

test("__proto__ keys in the data stay data: never a prototype, never read", () => {
  expect(evaluate(compileExpression("input.user.name", scope), activation)).toBe("ada");
  expect(evaluate(compileExpression("steps.prev.output.meta.label", scope), activation)).toBe("real");
  expect(Object.prototype).not.toHaveProperty("polluted");
  expect(Object.prototype).not.toHaveProperty("isAdmin");
});

test("undeclared keys, __proto__ included, do not leak into results", () => {
  const user = evaluate(compileExpression("input.user", scope), activation) as Record<string, unknown>;
  expect(user).toEqual({ name: "ada", toString: null });
  expect(Object.getPrototypeOf(user)).toBe(Object.prototype);
  expect(user.isAdmin).toBeUndefined();
  const input = evaluate(compileExpression("input", scope), activation) as Record<string, unknown>;
  expect(Object.keys(input).sort()).toEqual(["tags", "user"]);
  expect(input.polluted).toBeUndefined();
});

test("a declared field named like an Object.prototype method is read only from the data", () => {
  expect(evaluate(compileExpression("input.user.toString", scope), activation)).toBeNull();
  expect(evaluate(compileExpression("input.user.toString.hasValue()", scope), activation)).toBe(false);
});

test("a step whose output is only on the prototype of the steps object was not run", () => {
  const onlyInherited = JSON.parse('{"__proto__": {"prev": {"output": {"meta": {"label": "forged"}}}}}');
  expect(() => evaluate(compileExpression("steps.prev.output.meta.label", scope), { steps: onlyInherited })).toThrow(
    /No such key: prev/,
  );
});
