import { expect, test } from "vitest";
import { definitionIssues, flowJson, ifArm, withStep } from "./flow-definition.js";

const longExpression = `input.name + '${"x".repeat(5000)}'`;

test.each([
  ["upper-case flow name", "INVALID_FORMAT", "name", flowJson({ name: "Greet" })],
  ["unknown top-level key", "UNRECOGNIZED_KEYS", "(root)", flowJson({ extra: 1 })],
  ["no steps", "TOO_SMALL", "steps", flowJson({ steps: [] })],
  ["steps not a list", "INVALID_TYPE", "steps", flowJson({ steps: {} })],
  ["missing output", "INVALID_TYPE", "output", flowJson({ output: undefined })],
  ["input type not a type", "INVALID_UNION", "input", flowJson({ input: 3 })],
  ["unknown input type", "TYPE_SYNTAX", "input.name", flowJson({ input: { name: "str" } })],
  ["upper-case step id", "INVALID_FORMAT", "steps[0].id", withStep(0, { id: "Slug" })],
  ["step id with a dash", "INVALID_FORMAT", "steps[0].id", withStep(0, { id: "my-step" })],
  ["step id too long", "TOO_BIG", "steps[0].id", withStep(0, { id: `s${"x".repeat(64)}` })],
  ["CEL keyword as step id", "RESERVED_STEP_ID", "steps[0].id", withStep(0, { id: "in" })],
  ["constructor as step id", "RESERVED_STEP_ID", "steps[0].id", withStep(0, { id: "constructor" })],
  ["task reference with a bad revision", "INVALID_FORMAT", "steps.slug.task", withStep(0, { task: "slugify@0" })],
  ["unknown step key", "UNRECOGNIZED_KEYS", "steps.slug", withStep(0, { retries: 3 })],
  ["bad reference in after", "INVALID_FORMAT", "steps.sum.after[0]", withStep(1, { after: ["Slug"] })],
  ["unknown join rule", "INVALID_VALUE", "steps.sum.join", withStep(1, { join: "any" })],
  ["empty expression", "TOO_SMALL", "steps.slug.input.text", withStep(0, { input: { text: "" } })],
  ["expression too long", "TOO_BIG", "steps.slug.input.text", withStep(0, { input: { text: longExpression } })],
  ["mapping field not a name", "INVALID_KEY", "steps.slug.input.a b", withStep(0, { input: { "a b": "1" } })],
  [
    "reserved mapping field",
    "RESERVED_KEY",
    "steps.slug.input.constructor",
    withStep(0, { input: { constructor: "1" } }),
  ],
  ["branch arm without then", "INVALID_BRANCH_ARM", "steps.slug.branch[0]", withStep(0, { branch: [{ if: "true" }] })],
  [
    "branch arm with then and else",
    "INVALID_BRANCH_ARM",
    "steps.slug.branch[0]",
    withStep(0, { branch: [{ ...ifArm("true", []), else: [] }] }),
  ],
  ["empty branch", "TOO_SMALL", "steps.slug.branch", withStep(0, { branch: [] })],
  [
    "else before if",
    "ELSE_NOT_LAST",
    "steps.slug.branch[0]",
    withStep(0, { branch: [{ else: ["sum"] }, ifArm("true", ["sum"])] }),
  ],
  ["negative retry attempts", "TOO_SMALL", "steps.slug.retry.maxAttempts", withStep(0, { retry: { maxAttempts: -1 } })],
  ["zero retry attempts", "TOO_SMALL", "steps.slug.retry.maxAttempts", withStep(0, { retry: { maxAttempts: 0 } })],
  ["fractional attempts", "INVALID_TYPE", "steps.slug.retry.maxAttempts", withStep(0, { retry: { maxAttempts: 2.5 } })],
  [
    "attempts as a string",
    "INVALID_TYPE",
    "steps.slug.retry.maxAttempts",
    withStep(0, { retry: { maxAttempts: "3" } }),
  ],
  ["huge attempts", "TOO_BIG", "steps.slug.retry.maxAttempts", withStep(0, { retry: { maxAttempts: 1e9 } })],
  ["negative delay", "TOO_SMALL", "steps.slug.retry.initialDelayMs", withStep(0, { retry: { initialDelayMs: -5 } })],
  ["backoff below one", "TOO_SMALL", "steps.slug.retry.backoffFactor", withStep(0, { retry: { backoffFactor: 0.5 } })],
  ["huge backoff", "TOO_BIG", "steps.slug.retry.backoffFactor", withStep(0, { retry: { backoffFactor: 1e308 } })],
  ["huge max delay", "TOO_BIG", "steps.slug.retry.maxDelayMs", withStep(0, { retry: { maxDelayMs: 2 ** 60 } })],
  [
    "lower-case retry code",
    "INVALID_FORMAT",
    "steps.slug.retry.retryOn[0]",
    withStep(0, { retry: { retryOn: ["timeout"] } }),
  ],
  ["unknown retry key", "UNRECOGNIZED_KEYS", "steps.slug.retry", withStep(0, { retry: { attempts: 2 } })],
  ["negative timeout", "TOO_SMALL", "steps.slug.limits.timeoutMs", withStep(0, { limits: { timeoutMs: -1 } })],
  ["zero timeout", "TOO_SMALL", "steps.slug.limits.timeoutMs", withStep(0, { limits: { timeoutMs: 0 } })],
  ["fractional timeout", "INVALID_TYPE", "steps.slug.limits.timeoutMs", withStep(0, { limits: { timeoutMs: 0.5 } })],
  ["timeout as a string", "INVALID_TYPE", "steps.slug.limits.timeoutMs", withStep(0, { limits: { timeoutMs: "1s" } })],
  ["timeout over a day", "TOO_BIG", "steps.slug.limits.timeoutMs", withStep(0, { limits: { timeoutMs: 1e12 } })],
  [
    "input limit over 1 GiB",
    "TOO_BIG",
    "steps.slug.limits.maxInputBytes",
    withStep(0, { limits: { maxInputBytes: 2 ** 31 } }),
  ],
  [
    "memory is not a step limit",
    "UNRECOGNIZED_KEYS",
    "steps.slug.limits",
    withStep(0, { limits: { maxMemoryPages: 4 } }),
  ],
  ["initial of the wrong type", "WRONG_TYPE", "initial.name", flowJson({ initial: { name: 3, count: 1 } })],
  ["initial missing a field", "MISSING_FIELD", "initial.count", flowJson({ initial: { name: "a" } })],
  ["initial with an extra field", "UNKNOWN_FIELD", "initial.x", flowJson({ initial: { name: "a", count: 1, x: 1 } })],
  ["initial s32 out of range", "OUT_OF_RANGE", "initial.count", flowJson({ initial: { name: "a", count: 2 ** 40 } })],
])("%s → %s at %s", (_name, code, path, json) => {
  expect(definitionIssues(json)).toContainEqual({ code, path });
});

test("every schema problem of a file is reported at once", () => {
  const json = flowJson({ name: "Bad Name", extra: true });
  const steps = json.steps as Record<string, unknown>[];
  steps[0] = { ...steps[0], id: "Bad", retry: { maxAttempts: 0 } };
  steps[1] = { ...steps[1], limits: { timeoutMs: "soon" }, join: "sometimes" };
  expect(definitionIssues(json).map((issue) => issue.path)).toEqual(
    expect.arrayContaining([
      "name",
      "(root)",
      "steps[0].id",
      // A step whose id is not valid keeps its position as its address.
      "steps[0].retry.maxAttempts",
      "steps.sum.join",
      "steps.sum.limits.timeoutMs",
    ]),
  );
});

test("the problems of the input type and of initial are reported together", () => {
  expect(definitionIssues(flowJson({ input: { name: "nope" }, initial: 3 }))).toEqual([
    { code: "TYPE_SYNTAX", path: "input.name" },
  ]);
  expect(definitionIssues(flowJson({ initial: { name: 1, count: "x" } }))).toEqual([
    { code: "WRONG_TYPE", path: "initial.name" },
    { code: "WRONG_TYPE", path: "initial.count" },
  ]);
});

test("more than 10 000 steps are refused", () => {
  const steps = Array.from({ length: 10_001 }, (_, i) => ({ id: `s${i}`, task: "slugify", input: { text: "'x'" } }));
  expect(definitionIssues(flowJson({ steps }))).toEqual([{ code: "TOO_BIG", path: "steps" }]);
});

test("a mapping with more fields than a record may have is refused", () => {
  const output = Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`f${i}`, i]));
  expect(definitionIssues(flowJson({ output }))).toEqual([{ code: "TOO_MANY_FIELDS", path: "output" }]);
});
