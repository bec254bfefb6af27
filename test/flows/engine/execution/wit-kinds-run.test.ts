import { expect, test } from "vitest";
import { ifArm } from "../harness.js";
import { runTyped, type TypedTask } from "./typed-tasks.js";

// Values of WIT's kinds across the edges of flows run by the real engine, with tasks answered in
// JavaScript (typed-tasks.ts).

const shape = "variant{circle(f64), square(record{side: f64}), none}";
const measured = { kind: "enum{round, angular, empty}", size: "result<f64, string>", corners: "tuple<u32, string>" };
const granted = {
  perms: "flags{read, write, exec}",
  kind: "enum{empty, angular, round, unknown}",
  size: "result<f64, string>",
  corners: "tuple<s64, string>",
  initial: "char",
};

const tasks: Record<string, TypedTask> = {
  measure: {
    input: { shape },
    output: measured,
    answer: ({ shape }) => {
      const { tag, val } = shape as { tag: string; val?: unknown };
      if (tag === "circle") {
        const r = val as number;
        return { kind: "round", size: { tag: "ok", val: Math.PI * r * r }, corners: [0, "circle"] };
      }
      if (tag === "square") {
        const { side } = val as { side: number };
        return { kind: "angular", size: { tag: "ok", val: side * side }, corners: [4, "square"] };
      }
      return { kind: "empty", size: { tag: "err", val: "nothing to measure" }, corners: [0, "none"] };
    },
  },
  // Gives back what it was given, in the shape a decoded output has.
  grant: { input: granted, output: granted, answer: (input) => input },
  mark: { input: { initial: "char", shape }, output: "bool", answer: () => true },
};

const run = async (flow: Record<string, unknown>, input: unknown) => {
  const { outcome, calls } = await runTyped(tasks, flow, input);
  return { outcome, calls };
};

const measureThenGrant = {
  name: "wit-kinds",
  input: { shape, perms: "flags{read, write}", initial: "char" },
  steps: [
    {
      id: "measure",
      task: "measure",
      input: { shape: "input.shape" },
      branch: [ifArm("steps.measure.output.kind != 'empty'", ["grant"]), { else: ["note"] }],
    },
    {
      id: "grant",
      task: "grant",
      input: {
        perms: "input.perms",
        kind: "steps.measure.output.kind",
        size: "steps.measure.output.size",
        corners: "steps.measure.output.corners",
        initial: "input.initial",
      },
    },
    { id: "note", task: "mark", input: { initial: "'∅'", shape: { tag: "none" } } },
  ],
  output: {
    kind: "has(steps.grant.output) ? steps.grant.output.kind : 'none'",
    area: "has(steps.grant.output) && steps.grant.output.size.tag == 'ok' ? steps.grant.output.size.val : -1.0",
    writable: "has(steps.grant.output) && steps.grant.output.perms.write",
    corners: "has(steps.grant.output) ? steps.grant.output.corners[0] : 0",
    grant: "steps.?grant.output",
  },
};

test("values of every WIT kind cross edges, branch conditions and the flow output", async () => {
  const { outcome, calls } = await run(measureThenGrant, {
    shape: { tag: "square", val: { side: 3 } },
    perms: { write: true },
    initial: "é",
  });
  expect(calls).toEqual([
    { measure: { shape: { tag: "square", val: { side: 3 } } } },
    {
      grant: {
        perms: { read: false, write: true, exec: false },
        kind: "angular",
        size: { tag: "ok", val: 9 },
        corners: [4, "square"],
        initial: "é",
      },
    },
  ]);
  expect(outcome).toEqual({
    status: "succeeded",
    output: {
      kind: "angular",
      area: 9,
      writable: true,
      corners: 4,
      grant: {
        perms: { read: false, write: true, exec: false },
        kind: "angular",
        size: { tag: "ok", val: 9 },
        corners: [4, "square"],
        initial: "é",
      },
    },
  });
});

test("a case without a value takes the other arm; literals of WIT's kinds reach the task as values", async () => {
  const { outcome, calls } = await run(measureThenGrant, { shape: { tag: "none" }, perms: {}, initial: "x" });
  expect(calls).toEqual([{ measure: { shape: { tag: "none" } } }, { mark: { initial: "∅", shape: { tag: "none" } } }]);
  expect(outcome).toEqual({
    status: "succeeded",
    output: { kind: "none", area: -1, writable: false, corners: 0, grant: null },
  });
});

test.each([
  ["input.word.substring(0, 2)", { tag: "none" }, "steps.mark.input.initial: ", "OUT_OF_RANGE"],
  ["'a'", "{'tag': input.word}", "steps.mark.input.shape.tag: ", "UNKNOWN_CASE"],
  ["'a'", "{'tag': 'circle'}", "steps.mark.input.shape.val: ", "MISSING_FIELD"],
])(
  "a mapped value its field's type refuses (%s, %j) fails the step before the call",
  async (initial, shape, path, code) => {
    const flow = {
      name: "refused",
      input: { word: "string" },
      steps: [{ id: "mark", task: "mark", input: { initial, shape } }],
      output: {},
    };
    const { outcome, calls } = await run(flow, { word: "oval" });
    expect(calls).toEqual([]);
    if (outcome.status !== "failed") throw new Error(`the run ${outcome.status}`);
    expect(outcome.error).toMatchObject({
      step: "mark",
      code: "CONDITION_ERROR",
      details: { reason: code.toLowerCase() },
    });
    expect(outcome.error.message).toContain(path);
  },
);
