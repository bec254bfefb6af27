import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DefinitionError } from "../../../runtime/errors/index.js";
import { findTaskDefinitionFiles } from "../../../runtime/tasks/index.js";
import { Wasmflow } from "../../../runtime/wasmflow.js";
import { tempProject } from "../../helpers/project.js";
import { type FlowJson, ifArm, root, slug, stepOf } from "./harness.js";

/**
 * CEL semantics as they decide real runs: each case registers a flow whose `gate` step branches
 * on the condition to `yes` (its `if`) or `no` (its `else`), runs it on real WASM tasks, and
 * checks the arm taken, the step's CONDITION_ERROR, or the refusal at registration. Expected
 * values follow CEL's definition (cel-spec, and its conformance data where it has the case).
 * One store and one worker pool serve the whole file.
 */

const project = tempProject("wf-cel-branches-");
let wf: Wasmflow;

beforeAll(async () => {
  wf = Wasmflow.open({ home: project.home, root, pool: { threads: 2 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
});

afterAll(async () => {
  await wf?.close();
});

const inputType = { x: "s64", d: "f64", s: "string", b: "bytes", u: "u64", items: "list<s64>" };

/** The flow input as JSON (`format: "json"`): 64-bit integers as decimal strings, bytes as base64. */
interface JsonInput {
  x?: string;
  d?: number | string;
  s?: string;
  b?: string;
  u?: string;
  items?: (number | string)[];
}

const baseInput: Required<JsonInput> = { x: "0", d: 0, s: "", b: "", u: "0", items: [] };

const minInt64 = "-9223372036854775808";
/** Base64 of bytes given in hex. */
const b64 = (hex: string): string => Buffer.from(hex, "hex").toString("base64");

type Expected = "true" | "false" | "error" | "refused" | "refused-or-error";

interface Issue {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

type Outcome =
  | { readonly refused: Issue[] }
  | { readonly arm: "yes" | "no" }
  | { readonly output: unknown }
  | { readonly failed: string; readonly step: string | undefined; readonly armsRun?: string[] }
  | { readonly unexpected: unknown };

let flowCount = 0;

/** Registers `definition`; returns the issues when registration refuses it. */
async function register(definition: FlowJson): Promise<Issue[] | undefined> {
  const file = project.write(`flows/${String(definition.name)}.flow.json`, JSON.stringify(definition));
  try {
    await wf.addFlow(file);
    return undefined;
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    return error.issues.map(({ code, path, message }) => ({ code, path, message }));
  }
}

/** Runs a flow whose first step branches on `condition` to `yes` or `no`, and says what happened. */
async function branchOn(condition: string, input: JsonInput = {}): Promise<Outcome> {
  const name = `branch-${++flowCount}`;
  const refused = await register({
    name,
    input: inputType,
    steps: [
      slug("gate", { branch: [ifArm(condition, ["yes"]), { else: ["no"] }] }),
      slug("yes", {}, "'yes'"),
      slug("no", {}, "'no'"),
    ],
    output: { ok: "true" },
  });
  if (refused !== undefined) return { refused };
  const result = await wf.runFlow(name, { ...baseInput, ...input }, { format: "json" });
  const details = wf.runs.show(result.id);
  const status = (id: string) => stepOf(details, id).status;
  const gate = stepOf(details, "gate");
  if (result.status === "succeeded") {
    if (gate.arm === 0 && status("yes") === "succeeded" && status("no") === "skipped") return { arm: "yes" };
    if (gate.arm === 1 && status("no") === "succeeded" && status("yes") === "skipped") return { arm: "no" };
  }
  // The run's error is the gate's own: the step is recorded failed with the same code.
  if (result.status === "failed" && gate.status === "failed" && gate.error?.code === result.error?.code) {
    const armsRun = ["yes", "no"].filter((id) => stepOf(details, id).attempts.length > 0);
    return { failed: String(result.error?.code), step: result.error?.step, armsRun };
  }
  return {
    unexpected: {
      status: result.status,
      error: result.error,
      arm: gate.arm,
      gate: gate.status,
      yes: status("yes"),
      no: status("no"),
    },
  };
}

/** Runs a flow whose one step's input is mapped from `expression`, and says what happened. */
async function mapFrom(expression: string, input: JsonInput = {}): Promise<Outcome> {
  const name = `mapping-${++flowCount}`;
  const refused = await register({
    name,
    input: inputType,
    steps: [slug("map", {}, expression)],
    output: { text: "steps.map.output" },
  });
  if (refused !== undefined) return { refused };
  const result = await wf.runFlow(name, { ...baseInput, ...input }, { format: "json" });
  if (result.status === "succeeded") return { output: (result.output as { text: unknown }).text };
  if (result.status === "failed") return { failed: String(result.error?.code), step: result.error?.step };
  return { unexpected: { status: result.status } };
}

const refusal = (path: string, message: unknown = expect.any(String)) => ({
  refused: expect.arrayContaining([
    { code: expect.stringMatching(/^EXPRESSION_(TYPE|SYNTAX)$/), path, message },
  ]) as unknown,
});

const conditionPath = "steps.gate.branch[0].if";

/** What a branch case must give; for `refused-or-error`, whichever of the two happened. */
function expectedBranch(expected: Expected, outcome: Outcome): unknown {
  switch (expected) {
    case "true":
      return { arm: "yes" };
    case "false":
      return { arm: "no" };
    case "refused":
      return refusal(conditionPath);
    case "refused-or-error":
      if ("refused" in outcome) return refusal(conditionPath);
      return { failed: "CONDITION_ERROR", step: "gate", armsRun: [] };
    case "error":
      return { failed: "CONDITION_ERROR", step: "gate", armsRun: [] };
  }
}

type Row = readonly [condition: string, input: JsonInput, expected: Expected];

async function checkBranch(condition: string, input: JsonInput, expected: Expected): Promise<void> {
  const outcome = await branchOn(condition, input);
  expect(outcome, `${condition} on ${JSON.stringify(input)}`).toEqual(expectedBranch(expected, outcome));
}

describe("integer overflow fails the condition at every step, never takes an arm", () => {
  test.each<Row>([
    ["-input.x > 0", { x: minInt64 }, "error"],
    ["input.x / -1 > 0", { x: minInt64 }, "error"],
    ["input.x * -1 > 0", { x: minInt64 }, "error"],
    ["input.x - 1 < 0", { x: minInt64 }, "error"],
    ["input.x + 9223372036854775807 + 1 > 0", { x: "1" }, "error"],
    // A constant out of int's range: an evaluation error, or refused if constants are folded.
    ["int(1e99) > 0", {}, "refused-or-error"],
    ["int(input.d) > 0", { d: 1e19 }, "error"],
    ["int(input.d) < 0", { d: -1e19 }, "error"],
    // conformance double_int_max_range: double(2^63 - 1) is 2^63, outside int's range.
    ["int(9223372036854775807.0) - 1 > 0", {}, "error"],
    ["input.u - 1u > 0u", { u: "0" }, "error"],
    // In range: the arms are taken as the arithmetic says.
    ["-input.x > 0", { x: "-9223372036854775807" }, "true"],
    ["input.x / -1 == 9223372036854775807", { x: "-9223372036854775807" }, "true"],
    ["input.x + 1 < 0", { x: minInt64 }, "true"],
    ["int(input.d) == -3", { d: -3.7 }, "true"],
    ["int(input.d) > 0", { d: 1e18 }, "true"],
  ])("%s with %j → %s", checkBranch);
});

describe("strings are sequences of code points", () => {
  const cat = "a🐱b";
  test.each<Row>([
    ["'a🐱b'.indexOf('b') == 2", {}, "true"],
    ["input.s.indexOf('b') == 2", { s: cat }, "true"],
    ["input.s.indexOf('b', 2) == 2", { s: cat }, "true"],
    ["input.s.lastIndexOf('b') == 2", { s: cat }, "true"],
    ["input.s.substring(1, 2) == '🐱'", { s: cat }, "true"],
    ["input.s.substring(2) == 'b'", { s: cat }, "true"],
    ["size(input.s) == 3", { s: cat }, "true"],
    // Ordered by code point: U+FFFF sorts before U+10000 (UTF-16 code units sort it after).
    ["'\\uffff' < '\\U00010000'", {}, "true"],
    ["input.s < '\\uffff'", { s: "🐱" }, "false"],
    // lowerAscii / upperAscii change only ASCII letters.
    ["'ÀB'.lowerAscii() == 'Àb'", {}, "true"],
    ["input.s.lowerAscii() == 'ÀB'.lowerAscii()", { s: "Àb" }, "true"],
    ["input.s.lowerAscii() == 'àb'", { s: "ÀB" }, "false"],
    ["input.s.upperAscii() == 'àB'", { s: "àb" }, "true"],
    // trim removes CEL's whitespace: U+2003 and U+3000 are, U+FEFF is not.
    ["'\\ufeffx'.trim() == '\\ufeffx'", {}, "true"],
    ["input.s.trim() == input.s", { s: "\ufeffx" }, "true"],
    ["'\\u2003x\\u3000'.trim() == 'x'", {}, "true"],
  ])("%s with %j → %s", checkBranch);
});

describe("bytes are octets; a string from bytes must be UTF-8", () => {
  test.each<Row>([
    // A bytes literal's text is encoded as UTF-8.
    ["b'ÿ' == b'\\xc3\\xbf'", {}, "true"],
    ["size(b'ÿ') == 2", {}, "true"],
    ["input.b == b'é'", { b: b64("c3a9") }, "true"],
    ["input.b == b'\\xc3\\xa9'", { b: b64("c3a9") }, "true"],
    ["input.b == b'\\xe9'", { b: b64("c3a9") }, "false"],
    ["string(input.b) == 'é'", { b: b64("c3a9") }, "true"],
    ["string(b'\\xff') == string(b'\\xfe')", {}, "error"],
    ["string(input.b) == ''", { b: b64("ff") }, "error"],
  ])("%s with %j → %s", checkBranch);
});

describe("map literals are checked before anything runs", () => {
  test.each<Row>([
    // Keys typed int, indexed with a string: a type error.
    ["{1: 'a'}['1'] == 'a'", {}, "refused"],
    ["{1: 'a'}[input.s] == 'a'", { s: "1" }, "refused"],
    // cel-spec makes these two evaluation errors ("Failed with repeated key", "unsupported key
    // type"); with the keys written out they are certain, so they are refused up front.
    ["{'a': 1, 'a': 2}.a == 2", {}, "refused"],
    ["size({null: 1}) == 1", {}, "refused"],
  ])("%s with %j → %s", checkBranch);
});

describe("numbers compare across kinds", () => {
  test.each<Row>([
    ["dyn(3u) in [5, 4, 3, 2, 1]", {}, "true"],
    ["dyn(input.u) in [5, 4, 3]", { u: "3" }, "true"],
    ["dyn(input.u) in [5, 4]", { u: "3" }, "false"],
    ["dyn(input.u) == 3.0", { u: "3" }, "true"],
    // conformance not_lt_dyn_int_big_lossy_double: 2^63 - 1 as a double is 2^63, so not less.
    ["dyn(9223372036854775807) < 9223372036854775808.0", {}, "false"],
    // conformance lte_dyn_int_big_double
    ["dyn(9223372036854775807) <= 9223372036854775808.0", {}, "true"],
    // conformance not_gt_dyn_big_double_int
    ["dyn(9223372036854775808.0) > 9223372036854775807", {}, "false"],
    // conformance lt_dyn_int_big_lossy_double
    ["dyn(9223372036854775807) < 9223372036854777857.0", {}, "true"],
    // conformance lte_dyn_int_small_lossy_double, on the flow input
    ["dyn(input.x) <= -9223372036854775809.0", { x: minInt64 }, "true"],
  ])("%s with %j → %s", checkBranch);
});

describe("macros over an empty list", () => {
  test.each<Row>([
    ["[].all(e, e > 0)", {}, "true"],
    ["[].exists(e, e > 0)", {}, "false"],
    ["[].exists_one(e, e > 0)", {}, "false"],
    ["size([].filter(e, e > 0)) == 0", {}, "true"],
    ["size([].map(e, e + 1)) == 0", {}, "true"],
    ["input.items.all(e, e > 0)", { items: [] }, "true"],
    ["input.items.exists(e, e > 0)", { items: [] }, "false"],
    ["input.items.exists_one(e, e > 0)", { items: [] }, "false"],
    ["input.items.all(e, e > 0)", { items: [1, "2", 3] }, "true"],
  ])("%s with %j → %s", checkBranch);
});

describe("timestamps and durations are refused with a message naming the function", () => {
  test.each([
    ["timestamp('2024-01-01T00:00:00Z') < timestamp('2025-01-01T00:00:00Z')", "timestamp"],
    ["duration('1s') > duration('0s')", "duration"],
    ["int(timestamp('2024-01-01T00:00:00Z')) > 0", "timestamp"],
  ])("%s", async (condition, name) => {
    const outcome = await branchOn(condition);
    expect(outcome).toEqual({ refused: [expect.objectContaining({ code: "EXPRESSION_TYPE", path: conditionPath })] });
    const { message } = (outcome as { refused: Issue[] }).refused[0] as Issue;
    // The name must appear in the explanation, not only in the quoted expression.
    expect(message.replace(`"${condition}"`, "")).toContain(name);
  });
});

describe("a step input mapped by CEL: a failure fails the step with CONDITION_ERROR, passing no value", () => {
  test.each([
    ["string(-input.x)", { x: minInt64 }, "CONDITION_ERROR"],
    ["string(input.x - 1)", { x: minInt64 }, "CONDITION_ERROR"],
    ["string(int(input.d))", { d: 1e19 }, "CONDITION_ERROR"],
    ["string(input.b)", { b: b64("ff") }, "CONDITION_ERROR"],
    ["string(-input.x)", { x: "-5" }, "5"],
    ["string(input.s.indexOf('b'))", { s: "a🐱b" }, "2"],
    ["input.s.substring(2).lowerAscii()", { s: "a🐱B" }, "b"],
  ] as const)("%s with %j → %s", async (expression, input, expected) => {
    const outcome = await mapFrom(expression, input);
    expect(outcome).toEqual(
      expected === "CONDITION_ERROR" ? { failed: "CONDITION_ERROR", step: "map" } : { output: expected },
    );
  });
});
