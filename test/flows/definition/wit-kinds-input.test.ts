import { expect, test } from "vitest";
import { parseFlowDefinition } from "../../../runtime/flows/definition/index.js";
import { runInput } from "../../../runtime/flows/engine/flow-input.js";
import { formatValueType } from "../../../runtime/values/index.js";
import { definitionIssues, flowJson } from "./flow-definition.js";

// A flow's input may declare WIT's kinds; `initial` and a run's JSON input are checked and
// converted as a task's input is.

const input = {
  initial: "char",
  pair: "tuple<s64, string>",
  color: "enum{red, light-blue}",
  perms: "flags{read, write}",
  shape: "variant{circle(f64), none}",
  outcome: "result<u32, string>",
};
const valid = {
  initial: "é",
  pair: ["9007199254740993", "x"],
  color: "light-blue",
  perms: { read: true },
  shape: { tag: "circle", val: 1.5 },
  outcome: { tag: "ok", val: 3 },
};

test("an input of WIT's kinds is declared in their text form", () => {
  const definition = parseFlowDefinition(flowJson({ input, initial: valid }));
  expect(formatValueType(definition.inputType)).toBe(
    "record{initial: char, pair: tuple<s64, string>, color: enum{red, light-blue}, perms: flags{read, write}, " +
      "shape: variant{circle(f64), none}, outcome: result<u32, string>}",
  );
  // Flags left out stay out of the input value; expressions read them as unset.
  expect(runInput(definition, undefined, "value")).toEqual({ ...valid, pair: [9007199254740993n, "x"] });
});

test.each([
  ["a char of two characters", { initial: "ab" }, "OUT_OF_RANGE", "initial.initial"],
  ["a tuple of one item", { pair: [1] }, "OUT_OF_RANGE", "initial.pair"],
  ["a case that is not declared", { color: "blue" }, "UNKNOWN_CASE", "initial.color"],
  ["a flag that is not declared", { perms: { exec: true } }, "UNKNOWN_FIELD", "initial.perms.exec"],
  ["a tag that is not declared", { shape: { tag: "oval" } }, "UNKNOWN_CASE", "initial.shape.tag"],
  ["a case without its value", { outcome: { tag: "err" } }, "MISSING_FIELD", "initial.outcome.val"],
])("an initial input with %s is refused", (_name, change, code, path) => {
  expect(definitionIssues(flowJson({ input, initial: { ...valid, ...change } }))).toContainEqual({ code, path });
});

test("a declaration of WIT's kinds that does not parse names the field", () => {
  expect(definitionIssues(flowJson({ input: { color: "enum{Red}" } }))).toContainEqual({
    code: "TYPE_SYNTAX",
    path: "input.color",
  });
});
