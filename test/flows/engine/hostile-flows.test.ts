import { describe, expect, test } from "vitest";
import { DefinitionError } from "../../../runtime/errors/index.js";
import { type FlowJson, type Harness, ifArm, openHarness, slug } from "./harness.js";

/**
 * The whole registration path (`wf.addFlow`: read the file, parse, analyse the graph, check types
 * against the registered tasks, store) refuses each of these with one DefinitionError listing the
 * problems — and stores nothing. The unit-level checks live in test/flows/{definition,graph,check,
 * expressions}; these make sure each problem is also caught end to end.
 */

const flow = (steps: unknown[], extra: FlowJson = {}): FlowJson => ({
  name: "hostile",
  input: { text: "string", n: "s32" },
  steps,
  output: { ok: "true" },
  ...extra,
});
const count = { id: "count", task: "word-count", input: { text: "input.text" } };

interface Refusal {
  readonly error: DefinitionError;
  readonly issues: { code: string; path: string; message: string }[];
}

/** Writes `content` as a flow file, expects addFlow to refuse it, and checks nothing was stored. */
async function refuse(h: Harness, content: FlowJson | string): Promise<Refusal> {
  const file = h.project.write(
    "flows/hostile.flow.json",
    typeof content === "string" ? content : JSON.stringify(content),
  );
  let caught: unknown;
  try {
    await h.wf.addFlow(file);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DefinitionError);
  const error = caught as DefinitionError;
  expect(error.code).toBe("DEFINITION_INVALID");
  expect(error.file).toBe(file);
  expect(error.issues.length).toBeGreaterThan(0);
  expect(h.wf.flows.list()).toEqual([]);
  expect(h.wf.runs.list()).toEqual([]);
  return { error, issues: error.issues.map(({ code, path, message }) => ({ code, path, message })) };
}

const codesAndPaths = (refusal: Refusal) => refusal.issues.map(({ code, path }) => ({ code, path }));

describe("wf.addFlow refuses a broken graph", () => {
  test.each([
    ["a self-loop", flow([slug("a", { after: ["a"] })]), "SELF_LOOP", "steps.a.after[0]"],
    ["an unknown task", flow([{ id: "a", task: "no-such-task", input: {} }]), "UNKNOWN_TASK", "steps.a.task"],
    ["an unknown task revision", flow([slug("a", { task: "slugify@99" })]), "UNKNOWN_TASK", "steps.a.task"],
    ["an unknown step in after", flow([slug("a", { after: ["ghost"] })]), "UNKNOWN_STEP", "steps.a.after[0]"],
    [
      "an unknown step in a branch",
      flow([slug("a", { branch: [ifArm("true", ["ghost"])] })]),
      "UNKNOWN_STEP",
      "steps.a.branch[0].then[0]",
    ],
    // Regression (these three): an expression in a step input or a condition reading an unknown
    // step used to make validation throw a bare UsageError instead of listing UNKNOWN_STEP.
    [
      "an unknown step in an expression",
      flow([slug("a", {}, "steps.ghost.output")]),
      "UNKNOWN_STEP",
      "steps.a.input.text",
    ],
    [
      "an unknown step in a condition",
      flow([slug("a", { branch: [ifArm("steps.ghost.output == 'x'", ["b"])] }), slug("b")]),
      "UNKNOWN_STEP",
      "steps.a.branch[0].if",
    ],
    [
      "steps.constructor in an expression",
      flow([slug("a", {}, "steps.constructor")]),
      "UNKNOWN_STEP",
      "steps.a.input.text",
    ],
    [
      "an unknown step in the flow output",
      flow([slug("a")], { output: { x: "steps.ghost.output" } }),
      "UNKNOWN_STEP",
      "output.x",
    ],
    ["a duplicate id", flow([slug("a"), slug("a")]), "DUPLICATE_STEP_ID", "steps[1].id"],
    [
      "a step only reachable through a cycle",
      flow([slug("a"), slug("b", { after: ["c"] }), slug("c", { after: ["b"] }), slug("d", { after: ["c"] })]),
      "UNREACHABLE_STEP",
      "steps.d",
    ],
    [
      "an error handler that waits for its step to succeed",
      flow([slug("a", { onError: ["h"] }), slug("h", { after: ["a"] })]),
      "UNSATISFIABLE_JOIN",
      "steps.h.after[0]",
    ],
  ])("%s", async (_name, json, code, path) => {
    const h = await openHarness();
    expect(codesAndPaths(await refuse(h, json))).toContainEqual({ code, path });
  });

  test("a cycle is reported with its path", async () => {
    const h = await openHarness();
    const refusal = await refuse(
      h,
      flow([slug("a", { after: ["c"] }), slug("b", { after: ["a"] }), slug("c", { after: ["b"] })]),
    );
    const cycle = refusal.issues.find((issue) => issue.code === "CYCLE");
    expect(cycle?.path).toBe("steps.a");
    expect(cycle?.message).toContain("a -> b -> c -> a");
    expect(refusal.error.message).toContain("a -> b -> c -> a");
  });

  test("every problem of a file is listed in one error", async () => {
    const h = await openHarness();
    const refusal = await refuse(
      h,
      flow([
        { id: "sum", task: "add", input: { a: "input.text", b: 1 } },
        { id: "nope", task: "no-such-task", input: {} },
        slug("late", { after: ["ghost"] }),
      ]),
    );
    expect(codesAndPaths(refusal)).toEqual(
      expect.arrayContaining([
        { code: "UNKNOWN_TASK", path: "steps.nope.task" },
        { code: "UNKNOWN_STEP", path: "steps.late.after[0]" },
      ]),
    );
  });
});

describe("wf.addFlow refuses types that do not line up", () => {
  test.each([
    [
      "a string fed into an s32",
      flow([{ id: "sum", task: "add", input: { a: "input.text", b: 1 } }]),
      "WRONG_TYPE",
      "steps.sum.input.a",
    ],
    [
      "reading a field the producer's output lacks",
      flow([
        count,
        {
          id: "score",
          task: "score",
          after: ["count"],
          input: { words: "steps.count.output.wrods", vowels: "steps.count.output.vowels" },
        },
      ]),
      "EXPRESSION_TYPE",
      "steps.score.input.words",
    ],
    [
      "a condition on a field the step's output lacks",
      flow([{ ...count, branch: [ifArm("steps.count.output.nope > 1", ["b"])] }, slug("b")]),
      "EXPRESSION_TYPE",
      "steps.count.branch[0].if",
    ],
    [
      "a condition that is not a bool",
      flow([{ ...count, branch: [ifArm("steps.count.output.words", ["b"])] }, slug("b")]),
      "EXPRESSION_TYPE",
      "steps.count.branch[0].if",
    ],
    [
      "the flow output reading a field a step lacks",
      flow([count], { output: { x: "steps.count.output.wrods" } }),
      "EXPRESSION_TYPE",
      "output.x",
    ],
    [
      "the flow output reading a field of a plain string output",
      flow([slug("a")], { output: { x: "steps.a.output.length" } }),
      "EXPRESSION_TYPE",
      "output.x",
    ],
    [
      "the flow output reading an unknown input field",
      flow([slug("a")], { output: { x: "input.missing" } }),
      "EXPRESSION_TYPE",
      "output.x",
    ],
  ])("%s", async (_name, json, code, path) => {
    const h = await openHarness();
    expect(codesAndPaths(await refuse(h, json))).toContainEqual({ code, path });
  });
});

describe("wf.addFlow refuses nonsense numbers in retry and limits", () => {
  test.each([
    ["negative attempts", { retry: { maxAttempts: -1 } }, "TOO_SMALL", "steps.a.retry.maxAttempts"],
    ["negative initial delay", { retry: { initialDelayMs: -5 } }, "TOO_SMALL", "steps.a.retry.initialDelayMs"],
    ["a negative timeout", { limits: { timeoutMs: -100 } }, "TOO_SMALL", "steps.a.limits.timeoutMs"],
    ['"NaN" as attempts', { retry: { maxAttempts: "NaN" } }, "INVALID_TYPE", "steps.a.retry.maxAttempts"],
    ['"Infinity" as a factor', { retry: { backoffFactor: "Infinity" } }, "INVALID_TYPE", "steps.a.retry.backoffFactor"],
    ['"1e3" as a timeout', { limits: { timeoutMs: "1e3" } }, "INVALID_TYPE", "steps.a.limits.timeoutMs"],
    ["1e308 attempts", { retry: { maxAttempts: 1e308 } }, "TOO_BIG", "steps.a.retry.maxAttempts"],
    ["a 1e308 factor", { retry: { backoffFactor: 1e308 } }, "TOO_BIG", "steps.a.retry.backoffFactor"],
    ["a 1e308 max delay", { retry: { maxDelayMs: 1e308 } }, "TOO_BIG", "steps.a.retry.maxDelayMs"],
    ["a 1e308 timeout", { limits: { timeoutMs: 1e308 } }, "TOO_BIG", "steps.a.limits.timeoutMs"],
    ["1e308 output bytes", { limits: { maxOutputBytes: 1e308 } }, "TOO_BIG", "steps.a.limits.maxOutputBytes"],
    ["fractional attempts", { retry: { maxAttempts: 2.5 } }, "INVALID_TYPE", "steps.a.retry.maxAttempts"],
    ["a fractional delay", { retry: { initialDelayMs: 0.5 } }, "INVALID_TYPE", "steps.a.retry.initialDelayMs"],
    ["fractional input bytes", { limits: { maxInputBytes: 10.5 } }, "INVALID_TYPE", "steps.a.limits.maxInputBytes"],
  ])("%s", async (_name, patch, code, path) => {
    const h = await openHarness();
    expect(codesAndPaths(await refuse(h, flow([slug("a", patch)])))).toContainEqual({ code, path });
  });

  test("a NaN literal makes the file invalid JSON", async () => {
    const h = await openHarness();
    const text = JSON.stringify(flow([slug("a", { retry: { maxAttempts: 0 } })])).replace(
      '"maxAttempts":0',
      '"maxAttempts":NaN',
    );
    expect(text).toContain("NaN");
    await refuse(h, text);
  });
});

describe("wf.addFlow refuses injection in expressions, and nothing runs", () => {
  const marker = "__wasmflowInjected";
  const injections = [
    "constructor.constructor('return process')()",
    `constructor.constructor('globalThis.${marker} = 1')()`,
    "input.constructor.constructor('return process')()",
    "this",
    "process.exit(1)",
    "globalThis",
    "require('child_process')",
    "input.__proto__",
    "input['__proto__']",
    "input.text.constructor",
    "eval('1')",
    "input.text; process.exit(1)",
  ];
  const where: [string, (text: string) => FlowJson, string][] = [
    ["a step input", (text) => flow([slug("a", {}, text)]), "steps.a.input.text"],
    [
      "a branch condition",
      (text) => flow([slug("a", { branch: [ifArm(text, ["b"])] }), slug("b")]),
      "steps.a.branch[0].if",
    ],
    ["the flow output", (text) => flow([slug("a")], { output: { x: text } }), "output.x"],
  ];

  for (const [place, build, path] of where) {
    test.each(injections)(`%s in ${place} is refused`, async (text) => {
      const h = await openHarness();
      const refusal = await refuse(h, build(text));
      expect(refusal.issues.map((issue) => issue.path)).toContain(path);
      expect(
        refusal.issues
          .filter((issue) => issue.path === path)
          .every((issue) => ["EXPRESSION_SYNTAX", "EXPRESSION_TYPE"].includes(issue.code)),
      ).toBe(true);
      expect(globalThis).not.toHaveProperty(marker);
      expect(Object.prototype).not.toHaveProperty("polluted");
    });
  }

  test("a __proto__ key in a mapping is refused as a reserved key, and pollutes nothing", async () => {
    const h = await openHarness();
    const text =
      '{"name":"hostile","input":{"text":"string"},"steps":[{"id":"a","task":"slugify",' +
      '"input":{"text":"input.text","__proto__":{"polluted":true}}}],"output":{"ok":"true"}}';
    const refusal = await refuse(h, text);
    expect(refusal.issues.map((issue) => issue.code)).toContain("RESERVED_KEY");
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  test("a constructor step id is refused", async () => {
    const h = await openHarness();
    const refusal = await refuse(h, flow([slug("constructor")]));
    expect(codesAndPaths(refusal)).toContainEqual({ code: "RESERVED_STEP_ID", path: "steps[0].id" });
  });
});

test("a refused new revision leaves the registered one untouched", async () => {
  const h = await openHarness();
  const good = flow([slug("a", {}, "input.text")], { output: { a: "steps.a.output" } });
  const file = h.project.write("flows/good.flow.json", JSON.stringify(good));
  const added = await h.wf.addFlow(file);
  expect(added).toMatchObject({ status: "created", flow: { name: "hostile", revision: 1 } });
  const bad = h.project.write(
    "flows/bad.flow.json",
    JSON.stringify(flow([slug("a", { after: ["a"] })], { output: { a: "steps.a.output" } })),
  );
  await expect(h.wf.addFlow(bad)).rejects.toMatchObject({ code: "DEFINITION_INVALID" });
  expect(h.wf.flows.list().map((registered) => [registered.name, registered.revision])).toEqual([["hostile", 1]]);
  expect(h.wf.flows.get("hostile").definitionHash).toBe(added.flow.definitionHash);
  expect(await h.wf.runFlow("hostile", { text: "Still Works", n: 1 })).toMatchObject({
    status: "succeeded",
    output: { a: "still-works" },
  });
});
