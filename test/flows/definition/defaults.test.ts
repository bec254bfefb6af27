import { expect, test } from "vitest";
import { parseFlowDefinition } from "../../../runtime/flows/definition/index.js";
import { flowJson, withStep } from "./flow-definition.js";

test("defaults are applied and the input type parsed", () => {
  const flow = parseFlowDefinition(flowJson());
  expect(flow.description).toBe("");
  expect(flow.version).toBe("0.0.0");
  expect(flow.initial).toBeUndefined();
  expect(flow.inputType).toEqual({
    kind: "record",
    fields: [
      { name: "name", type: { kind: "string" } },
      { name: "count", type: { kind: "s32" } },
    ],
  });
  expect(flow.steps[0]).toEqual({
    id: "slug",
    task: "slugify",
    input: { text: "input.name" },
    after: [],
    join: "all-succeeded",
    onError: [],
  });
});

test("retry and limit overrides keep only the fields written, so the task's values fill the rest", () => {
  const flow = parseFlowDefinition(withStep(0, { retry: { maxAttempts: 5 }, limits: { timeoutMs: 250 } }));
  expect(flow.steps[0]?.retry).toEqual({ maxAttempts: 5 });
  expect(flow.steps[0]?.limits).toEqual({ timeoutMs: 250 });
});

test("mapping literals are kept as written; strings inside them are not expressions", () => {
  const input = { list: ["steps.x", 1], record: { nested: "input.name" }, flag: false, none: null, n: 1.5 };
  const flow = parseFlowDefinition(withStep(0, { input }));
  expect(flow.steps[0]?.input).toEqual(input);
});

test("initial accepts the JSON conventions of a run's input: 64-bit integers as decimal strings, bytes as base64", () => {
  const json = flowJson({
    input: { big: "u64", data: "bytes", maybe: "option<s32>" },
    initial: { big: "18446744073709551615", data: "AAEC", maybe: null },
  });
  expect(parseFlowDefinition(json).initial).toEqual({ big: "18446744073709551615", data: "AAEC", maybe: null });
});
