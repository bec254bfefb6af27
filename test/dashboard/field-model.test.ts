import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { RegisteredFlow, RegisteredTask } from "../../dashboard/src/api/wasmflow.js";
import {
  addItem,
  type Draft,
  draftOf,
  draftOfJson,
  emptyDraft,
  issuesByField,
  valueOf as readDraft,
  removeItem,
  setChecked,
  setPresent,
  setText,
  valueOfJson,
} from "../../dashboard/src/forms/field-model.js";
import { flowInputType, taskInputType } from "../../dashboard/src/forms/input-types.js";
import { TaskRunError } from "../../runtime/errors/index.js";
import { parseFlowDefinition } from "../../runtime/flows/definition/index.js";
import { runInput } from "../../runtime/flows/engine/flow-input.js";
import { parseTaskDefinition } from "../../runtime/tasks/index.js";
import {
  compileValueCodec,
  formatValueType,
  fromJson,
  parseValueType,
  type ValueType,
} from "../../runtime/values/index.js";
import { canonical, typedValues, valueTypes } from "../helpers/value-generators.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));

function exampleTasks(): RegisteredTask[] {
  const files = readdirSync(`${root}/tasks`, { recursive: true, encoding: "utf8" }).filter((f) =>
    f.endsWith(".task.json"),
  );
  return files.map((file) => {
    const definition = parseTaskDefinition(readJson(`${root}/tasks/${file}`));
    const { name, version, abi } = definition;
    return { name, revision: 1, version, abi, definition, moduleHash: "", moduleSize: 0, createdAt: "" };
  });
}

function exampleFlows(): RegisteredFlow[] {
  const files = readdirSync(`${root}/flows`).filter((f) => f.endsWith(".flow.json"));
  return files.map((file) => {
    const definition = parseFlowDefinition(readJson(`${root}/flows/${file}`));
    return {
      name: definition.name,
      revision: 1,
      version: definition.version,
      definition,
      definitionHash: "",
      createdAt: "",
    };
  });
}

/** The issues the server answers INPUT_INVALID with for this JSON input of a flow. */
function serverIssues(flow: RegisteredFlow, input: unknown) {
  try {
    runInput(flow.definition, input, "json");
  } catch (error) {
    if (error instanceof TaskRunError && error.code === "INPUT_INVALID") return error.issues;
    throw error;
  }
  throw new Error("the input was accepted");
}

function accepted(type: ValueType, json: unknown): unknown {
  const converted = fromJson(type, json);
  if ("issues" in converted) throw new Error(JSON.stringify(converted.issues));
  return converted.value;
}

const type = (declaration: unknown) => parseValueType(declaration);

describe("the example definitions", () => {
  const tasks = exampleTasks();
  const flows = exampleFlows();

  test("are all here", () => {
    expect(tasks.map((t) => t.name).sort()).toEqual([
      "add",
      "checksum",
      "fib",
      "flaky",
      "profile",
      "score",
      "slugify",
      "word-count",
    ]);
    expect(flows.length).toBeGreaterThanOrEqual(6);
  });

  test.each(tasks.map((t) => [t.name, t] as const))(
    "task %s: its input type is the one registered, and the empty form is a valid input",
    (_, task) => {
      const inputType = taskInputType(task);
      expect(formatValueType(inputType)).toBe(formatValueType(task.definition.inputType));
      const { value, issues } = readDraft(inputType, emptyDraft(inputType));
      expect(issues).toEqual([]);
      accepted(inputType, value);
      // What the HTTP API would do with it: the task's codec takes the JSON input.
      expect(() => compileValueCodec(inputType).fromJson(value)).not.toThrow();
    },
  );

  test.each(flows.map((f) => [f.name, f] as const))(
    "flow %s: the form from `initial` gives back `initial`",
    (_, flow) => {
      const inputType = flowInputType(flow);
      expect(formatValueType(inputType)).toBe(formatValueType(flow.definition.inputType));
      const { value, issues } = readDraft(inputType, draftOf(inputType, flow.definition.initial));
      expect(issues).toEqual([]);
      expect(value).toEqual(flow.definition.initial);
      expect(runInput(flow.definition, value, "json")).toEqual(runInput(flow.definition, undefined, "json"));
      expect(readDraft(inputType, emptyDraft(inputType)).issues).toEqual([]);
    },
  );

  test("a task whose input is not a record still has a form: one value at the root", () => {
    const task = exampleTasks()[0] as RegisteredTask;
    const bare: RegisteredTask = { ...task, definition: { ...task.definition, input: "list<u64>" } };
    const inputType = taskInputType(bare);
    const draft = addItem(emptyDraft(inputType), "", { kind: "text", text: "18446744073709551615" });
    expect(readDraft(inputType, draft)).toEqual({ value: ["18446744073709551615"], issues: [] });
    const wrong = readDraft(inputType, setText(draft, "0", "x"));
    expect(wrong.issues.map((i) => i.path)).toEqual(["input[0]"]);
    expect([...issuesByField(wrong.issues).keys()]).toEqual(["0"]);
  });
});

describe("numbers", () => {
  const counts = type({ big: "u64", signed: "s64", small: "u32", n: "s32", ratio: "f64", single: "f32" });
  const draftWith = (texts: Record<string, string>): Draft =>
    Object.entries(texts).reduce((draft, [path, text]) => setText(draft, path, text), emptyDraft(counts));

  test("a u64 past 2^53 typed as text survives exactly, as the decimal string the JSON mapping takes", () => {
    const texts = { big: "18446744073709551615", signed: "-9223372036854775808", ratio: "0.1" };
    const { value, issues } = readDraft(counts, draftWith(texts));
    expect(issues).toEqual([]);
    expect(value).toEqual({
      big: "18446744073709551615",
      signed: "-9223372036854775808",
      small: 0,
      n: 0,
      ratio: 0.1,
      single: 0,
    });
    expect(accepted(counts, value)).toMatchObject({ big: 18446744073709551615n, signed: -9223372036854775808n });
    // JSON, as the client sends it, keeps every digit.
    expect(accepted(counts, JSON.parse(JSON.stringify(value)))).toMatchObject({ big: 18446744073709551615n });
  });

  test("2^53 + 1 is not rounded to 2^53, and safe integers are numbers", () => {
    const { value } = readDraft(counts, draftWith({ big: "9007199254740993", signed: " 42 ", small: "007" }));
    expect(value).toMatchObject({ big: "9007199254740993", signed: 42, small: 7 });
  });

  test("a u64 given as a string in `initial` is kept as typed", () => {
    const initial = { big: "18446744073709551615", signed: -5, small: 3, n: -1, ratio: "NaN", single: 1.5 };
    const draft = draftOf(counts, initial);
    expect(readDraft(counts, draft)).toEqual({ value: initial, issues: [] });
  });

  test.each([
    ["small", "-1", "OUT_OF_RANGE", "expected u32, got -1 (out of range)"],
    ["small", "4294967296", "OUT_OF_RANGE", "expected u32, got 4294967296 (out of range)"],
    ["n", "1.5", "NOT_INTEGER", "expected s32, got 1.5 (not an integer)"],
    ["n", "12x", "WRONG_TYPE", 'expected s32, got "12x" (not a number)'],
    ["n", "", "WRONG_TYPE", "expected s32, got an empty field"],
    ["big", "18446744073709551616", "OUT_OF_RANGE", "expected u64, got 18446744073709551616 (out of range)"],
    ["big", "1".repeat(30), "OUT_OF_RANGE", `expected u64, got ${"1".repeat(30)} (out of range)`],
    ["ratio", "1e400", "OUT_OF_RANGE", "expected f64, got 1e400 (out of range)"],
    ["single", "1e39", "OUT_OF_RANGE", "expected f32, got 1e+39 (out of range)"],
    ["ratio", "NaN!", "WRONG_TYPE", 'expected f64, got "NaN!" (not a number)'],
  ])("%s = %j is an issue at that field: %s", (field, text, code, message) => {
    const { issues } = readDraft(counts, draftWith({ [field]: text }));
    expect(issues).toEqual([expect.objectContaining({ code, path: `input.${field}`, message })]);
    expect(issuesByField(issues).get(field)).toEqual(issues);
  });

  test("floats take NaN and the infinities as the JSON mapping writes them", () => {
    const { value, issues } = readDraft(counts, draftWith({ ratio: "-Infinity", single: "NaN" }));
    expect(issues).toEqual([]);
    expect(value).toMatchObject({ ratio: "-Infinity", single: "NaN" });
    expect(accepted(counts, value)).toMatchObject({ ratio: Number.NEGATIVE_INFINITY, single: Number.NaN });
  });

  test("every field is checked at once, issues in the order of the form", () => {
    const { issues } = readDraft(counts, draftWith({ single: "x", big: "-1", n: "" }));
    expect(issues.map((i) => i.path)).toEqual(["input.big", "input.n", "input.single"]);
  });

  test("a number the client refused stays in the value as typed, for the JSON view", () => {
    expect(readDraft(counts, draftWith({ n: "12x" })).value).toMatchObject({ n: "12x" });
  });
});

describe("nested options, lists and records", () => {
  const nested = type({
    profile: { name: "string", age: "option<u32>", nick: "option<option<string>>" },
    tags: "list<option<s64>>",
    grid: "list<list<f64>>",
    people: "list<record{name: string, admin: bool}>",
    avatar: "option<bytes>",
  });

  test("starts empty: options not set, lists without items", () => {
    expect(readDraft(nested, emptyDraft(nested))).toEqual({
      value: { profile: { name: "", age: null, nick: null }, tags: [], grid: [], people: [], avatar: null },
      issues: [],
    });
  });

  test("edits by path reach through lists, records and options", () => {
    let draft = emptyDraft(nested);
    draft = setText(draft, "profile.name", "Ada");
    draft = setPresent(draft, "profile.age", true);
    draft = setText(draft, "profile.age", "36");
    draft = setPresent(draft, "profile.nick", true);
    draft = setText(draft, "profile.nick", "ada");
    draft = addItem(draft, "tags", draftOf(parseValueType("option<s64>"), "9223372036854775807"));
    draft = addItem(draft, "tags", emptyDraft(parseValueType("option<s64>")));
    draft = addItem(draft, "grid", emptyDraft(parseValueType("list<f64>")));
    draft = addItem(draft, "grid.0", { kind: "text", text: "2.5" });
    draft = addItem(draft, "people", emptyDraft(parseValueType("record{name: string, admin: bool}")));
    draft = setText(draft, "people.0.name", "Grace");
    draft = setChecked(draft, "people.0.admin", true);
    draft = setPresent(draft, "avatar", true);
    draft = setText(draft, "avatar", "aGk=\n");
    const { value, issues } = readDraft(nested, draft);
    expect(issues).toEqual([]);
    expect(value).toEqual({
      profile: { name: "Ada", age: 36, nick: "ada" },
      tags: ["9223372036854775807", null],
      grid: [[2.5]],
      people: [{ name: "Grace", admin: true }],
      avatar: "aGk=",
    });
    expect(accepted(nested, value)).toMatchObject({
      tags: [9223372036854775807n, null],
      avatar: new Uint8Array([104, 105]),
    });
  });

  test("an option that is unset keeps what was typed in it", () => {
    let draft = setPresent(emptyDraft(nested), "profile.age", true);
    draft = setText(draft, "profile.age", "7");
    draft = setPresent(draft, "profile.age", false);
    expect(readDraft(nested, draft).value).toMatchObject({ profile: { age: null } });
    expect(readDraft(nested, setPresent(draft, "profile.age", true)).value).toMatchObject({ profile: { age: 7 } });
  });

  test("removing an item renumbers the ones after it", () => {
    let draft = emptyDraft(nested);
    for (const text of ["1", "2", "3"]) draft = addItem(draft, "tags", draftOf(parseValueType("option<s64>"), text));
    draft = removeItem(draft, "tags", 1);
    expect(readDraft(nested, draft).value).toMatchObject({ tags: [1, 3] });
  });

  test("issues deep inside carry the server's paths and map back onto the draft's", () => {
    let draft = addItem(emptyDraft(nested), "people", emptyDraft(parseValueType("record{name: string, admin: bool}")));
    draft = addItem(draft, "tags", draftOf(parseValueType("option<s64>"), 1));
    draft = addItem(draft, "tags", draftOf(parseValueType("option<s64>"), "x"));
    draft = setPresent(setText(setPresent(draft, "profile.age", true), "profile.age", "-3"), "avatar", true);
    draft = setText(draft, "avatar", "not base64");
    const { issues } = readDraft(nested, draft);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["OUT_OF_RANGE", "input.profile.age"],
      ["WRONG_TYPE", "input.tags[1]"],
      ["WRONG_TYPE", "input.avatar"],
    ]);
    expect([...issuesByField(issues).keys()]).toEqual(["profile.age", "tags.1", "avatar"]);
  });
});

describe("server issues by field", () => {
  const flows = exampleFlows();
  const profileFallback = flows.find((f) => f.name === "profile-fallback") as RegisteredFlow;
  const profile = exampleTasks().find((t) => t.name === "profile") as RegisteredTask;

  test("a flow run's INPUT_INVALID issues land on their fields", () => {
    const issues = serverIssues(profileFallback, { name: 7 });
    expect(issues.map((i) => i.path)).toEqual(["input.name", "input.email"]);
    const byField = issuesByField(issues);
    expect(byField.get("name")?.[0]?.code).toBe("WRONG_TYPE");
    expect(byField.get("email")?.[0]?.code).toBe("MISSING_FIELD");
  });

  test("a task call's INPUT_INVALID issues land on their fields, list items and unknown keys included", () => {
    const codec = compileValueCodec(taskInputType(profile));
    let thrown: unknown;
    try {
      codec.fromJson({ name: "a", email: "b", tags: ["x", 3], age: -1, "odd key": 1 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TaskRunError);
    const byField = issuesByField((thrown as TaskRunError).issues);
    expect([...byField.keys()].sort()).toEqual(["age", "odd key", "tags.1"]);
  });

  test("the client finds exactly the issues the server would", () => {
    const inputType = taskInputType(profile);
    let draft = setPresent(emptyDraft(inputType), "age", true);
    draft = setText(draft, "age", "-1");
    const client = readDraft(inputType, draft);
    let server: readonly unknown[] = [];
    try {
      compileValueCodec(inputType).fromJson(client.value);
    } catch (error) {
      server = (error as TaskRunError).issues;
    }
    expect(client.issues).toEqual(server);
    expect(client.issues).toHaveLength(1);
  });

  test("issues outside the input, and the whole input, are told apart", () => {
    const byField = issuesByField([
      { code: "WRONG_TYPE", path: "input", message: "expected record, got array" },
      { code: "TYPE_SYNTAX", path: "output.count", message: "unknown type" },
      { code: "WRONG_TYPE", path: "inputs.x", message: "not ours" },
    ]);
    expect([...byField.keys()]).toEqual([""]);
  });

  test("another root, for a flow's `initial` checked at load", () => {
    const byField = issuesByField([{ code: "WRONG_TYPE", path: "initial.tags[2]", message: "m" }], "initial");
    expect([...byField.keys()]).toEqual(["tags.2"]);
  });
});

describe("the JSON view", () => {
  const profileType = type({ name: "string", tags: "list<string>", age: "option<u64>" });

  test("is checked as the server checks it", () => {
    expect(valueOfJson(profileType, '{"name": "a", "tags": [], "age": "18446744073709551615"}')).toEqual({
      value: { name: "a", tags: [], age: "18446744073709551615" },
      issues: [],
    });
    expect(valueOfJson(profileType, '{"name": 1, "tags": []}').issues).toEqual([
      expect.objectContaining({ code: "WRONG_TYPE", path: "input.name" }),
    ]);
    expect(valueOfJson(profileType, "{").issues).toEqual([
      expect.objectContaining({ code: "JSON_SYNTAX", path: "input" }),
    ]);
  });

  test("goes back to the form only when the form can hold all of it", () => {
    expect(draftOfJson(profileType, { name: "a", tags: ["b"], age: 3 }).issues).toEqual([]);
    const lost = draftOfJson(profileType, { name: "a", tags: { b: 1 }, extra: true, "odd key": 1 }).issues;
    expect(lost.map((i) => [i.code, i.path])).toEqual([
      ["UNKNOWN_FIELD", "input.extra"],
      ["UNKNOWN_FIELD", 'input["odd key"]'],
      ["WRONG_TYPE", "input.tags"],
    ]);
  });

  test("text that is no number survives the trip through JSON and back", () => {
    const draft = setText(emptyDraft(type({ n: "u64" })), "n", "12x");
    const json = JSON.parse(JSON.stringify(readDraft(type({ n: "u64" }), draft).value));
    expect(draftOfJson(type({ n: "u64" }), json)).toEqual({ draft, issues: [] });
  });
});

describe("generated types and values", () => {
  test("the draft of a value reads back as that value", () => {
    fc.assert(
      fc.property(typedValues, ({ type, value }) => {
        const { value: json, issues } = readDraft(type, draftOf(type, value));
        expect(issues).toEqual([]);
        expect(canonical(type, accepted(type, json))).toEqual(canonical(type, value));
      }),
      { numRuns: 1000 },
    );
  });

  test("the value survives the JSON view: as JSON text and back into the form", () => {
    fc.assert(
      fc.property(typedValues, ({ type, value }) => {
        const { value: json } = readDraft(type, draftOf(type, value));
        const sent = JSON.parse(JSON.stringify(json)) as unknown;
        expect(valueOfJson(type, JSON.stringify(json)).issues).toEqual([]);
        const back = draftOfJson(type, sent);
        expect(back.issues).toEqual([]);
        expect(readDraft(type, back.draft).value).toEqual(sent);
      }),
      { numRuns: 500 },
    );
  });

  test("the empty form of any type is a valid value", () => {
    fc.assert(
      fc.property(valueTypes, (type) => {
        const { value, issues } = readDraft(type, emptyDraft(type));
        expect(issues).toEqual([]);
        accepted(type, value);
      }),
      { numRuns: 500 },
    );
  });
});
