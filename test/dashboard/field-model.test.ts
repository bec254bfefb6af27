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
  jsonOfDraft,
  valueOf as readDraft,
  removeItem,
  setCase,
  setChecked,
  setFlag,
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
  resultCases,
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

const safe = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A value in the JSON mapping, as the form reads one: 64-bit integers as numbers up to 2^53 and
 * decimal strings past it, non-finite floats as their words, bytes as base64, none as null at
 * any depth, every record field and flag present, a payload only on a case that has one.
 */
function jsonForm(type: ValueType, value: unknown): unknown {
  switch (type.kind) {
    case "s64":
    case "u64": {
      const integer = BigInt(value as number | bigint);
      return integer >= -safe && integer <= safe ? Number(integer) : integer.toString();
    }
    case "f32":
    case "f64":
      return Number.isFinite(value) ? value : String(value);
    case "bytes":
      return Buffer.from(value as Uint8Array).toString("base64");
    case "list":
      return (value as unknown[]).map((item) => jsonForm(type.element, item));
    case "tuple":
      return type.elements.map((element, i) => jsonForm(element, (value as unknown[])[i]));
    case "option":
      return value === null || value === undefined ? null : jsonForm(type.inner, value);
    case "record": {
      const record = value as Record<string, unknown>;
      const fields = type.fields.map((f) => [
        f.name,
        jsonForm(f.type, Object.hasOwn(record, f.name) ? record[f.name] : undefined),
      ]);
      return Object.fromEntries(fields);
    }
    case "flags": {
      const flags = value as Record<string, boolean>;
      return Object.fromEntries(type.flags.map((flag) => [flag, Object.hasOwn(flags, flag) && flags[flag] === true]));
    }
    case "variant":
    case "result": {
      const { tag, val } = value as { tag: string; val?: unknown };
      const cases = type.kind === "variant" ? type.cases : resultCases(type);
      const payload = cases.find((c) => c.name === tag)?.type;
      return payload === undefined ? { tag } : { tag, val: jsonForm(payload, val) };
    }
    default:
      return value;
  }
}

describe("the example definitions", () => {
  const tasks = exampleTasks();
  const flows = exampleFlows();

  test("are all here", () => {
    expect(tasks.map((t) => t.name).sort()).toEqual([
      "add",
      "char-classes",
      "checksum",
      "fib",
      "flaky",
      "profile",
      "rot13",
      "score",
      "slugify",
      "title-case",
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

describe("chars, tuples, enums, variants, results and flags", () => {
  const kinds = type({
    initial: "char",
    pair: "tuple<s32, string>",
    color: "enum{red, light-blue}",
    shape: "variant{circle(f64), square(record{side: u64}), none}",
    outcome: "result<u32, string>",
    done: "result",
    perms: "flags{read, write, light-blue}",
    maybe: "option<variant{some-count(option<u32>), nothing}>",
  });

  test("start as a valid value: a char, each tuple item empty, the first case, no flag set", () => {
    expect(jsonOfDraft(kinds, emptyDraft(kinds))).toEqual({
      value: {
        initial: "a",
        pair: [0, ""],
        color: "red",
        shape: { tag: "circle", val: 0 },
        outcome: { tag: "ok", val: 0 },
        done: { tag: "ok" },
        perms: { read: false, write: false, "light-blue": false },
        maybe: null,
      },
      issues: [],
    });
  });

  test("edits by path reach tuple items, the chosen case's payload and each flag", () => {
    let draft = emptyDraft(kinds);
    draft = setText(draft, "initial", "😀");
    draft = setText(draft, "pair.0", "-3");
    draft = setText(draft, "pair.1", "x");
    draft = setCase(draft, "color", "light-blue");
    draft = setCase(draft, "shape", "square");
    draft = setText(draft, "shape.val.side", "18446744073709551615");
    draft = setCase(draft, "outcome", "err");
    draft = setText(draft, "outcome.val", "boom");
    draft = setCase(draft, "done", "err");
    draft = setFlag(draft, "perms", "light-blue", true);
    draft = setFlag(draft, "perms", "read", true);
    draft = setFlag(draft, "perms", "read", false);
    draft = setPresent(draft, "maybe", true);
    draft = setPresent(draft, "maybe.val", true);
    draft = setText(draft, "maybe.val", "5");
    expect(jsonOfDraft(kinds, draft)).toEqual({
      value: {
        initial: "😀",
        pair: [-3, "x"],
        color: "light-blue",
        shape: { tag: "square", val: { side: "18446744073709551615" } },
        outcome: { tag: "err", val: "boom" },
        done: { tag: "err" },
        perms: { read: false, write: false, "light-blue": true },
        maybe: { tag: "some-count", val: 5 },
      },
      issues: [],
    });
  });

  test("a case chosen again gets back what was typed in it; a case without payload is its tag alone", () => {
    let draft = setText(emptyDraft(kinds), "shape.val", "2.5");
    draft = setCase(draft, "shape", "square");
    draft = setText(draft, "shape.val.side", "3");
    expect(jsonOfDraft(kinds, setCase(draft, "shape", "circle")).value).toMatchObject({
      shape: { tag: "circle", val: 2.5 },
    });
    draft = setCase(setCase(draft, "shape", "circle"), "shape", "square");
    expect(jsonOfDraft(kinds, draft).value).toMatchObject({ shape: { tag: "square", val: { side: 3 } } });
    draft = setCase(draft, "shape", "none");
    // The payload of a case not chosen is not on the form: nothing reaches it.
    expect(setText(draft, "shape.val.side", "9")).toEqual(draft);
    expect((jsonOfDraft(kinds, draft).value as { shape: unknown }).shape).toStrictEqual({ tag: "none" });
  });

  test("a payload of option type that is not set reads as null", () => {
    let draft = setCase(setPresent(emptyDraft(kinds), "maybe", true), "maybe", "some-count");
    expect(jsonOfDraft(kinds, draft).value).toMatchObject({ maybe: { tag: "some-count", val: null } });
    draft = setCase(draft, "maybe", "nothing");
    expect(jsonOfDraft(kinds, draft).value).toMatchObject({ maybe: { tag: "nothing" } });
  });

  test.each([" ", "é", "😀", "\0", "\u{10FFFF}"])("the char %j is one code point", (char) => {
    expect(jsonOfDraft(kinds, setText(emptyDraft(kinds), "initial", char))).toMatchObject({
      value: { initial: char },
      issues: [],
    });
  });

  test.each(["", "ab", "🇫🇷", "e\u0301", "\uD800"])("the char %j is an issue at its field, kept as typed", (text) => {
    const { value, issues } = readDraft(kinds, setText(emptyDraft(kinds), "initial", text));
    expect(issues).toEqual([expect.objectContaining({ path: "input.initial", expected: "char" })]);
    expect(value).toMatchObject({ initial: text });
  });

  test("issues in tuple items, payloads and flags carry the server's paths and map back onto the draft's", () => {
    let draft = setText(emptyDraft(kinds), "pair.0", "x");
    draft = setCase(draft, "shape", "square");
    draft = setText(draft, "shape.val.side", "18446744073709551616");
    const { issues } = jsonOfDraft(kinds, draft);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["WRONG_TYPE", "input.pair[0]"],
      ["OUT_OF_RANGE", "input.shape.val.side"],
    ]);
    const server = [{ code: "WRONG_TYPE" as const, path: 'input.perms["light-blue"]', message: "expected bool" }];
    expect([...issuesByField([...issues, ...server]).keys()]).toEqual(["pair.0", "shape.val.side", "perms.light-blue"]);
  });

  test("the JSON view goes back to the form with what it leaves out, or what is simply not filled in", () => {
    const lost = draftOfJson(kinds, {
      initial: 65,
      pair: [1, "a", true],
      color: "purple",
      shape: { tag: "none", val: 1 },
      outcome: { tag: "ok", val: 1, extra: 2 },
      done: { tag: "maybe" },
      perms: { read: true, exec: true, write: "yes" },
      maybe: { val: 3 },
    }).issues;
    expect(lost.map((i) => [i.code, i.path, i.message])).toEqual([
      ["WRONG_TYPE", "input.initial", "expected char, got number 65"],
      ["OUT_OF_RANGE", "input.pair", "expected tuple of 2 items, got an array of 3 items"],
      ["UNKNOWN_CASE", "input.color", 'unknown case "purple"; the known cases: red, light-blue'],
      ["UNKNOWN_FIELD", "input.shape.val", 'case "none" carries no payload'],
      ["UNKNOWN_FIELD", "input.outcome.extra", "unknown field"],
      ["UNKNOWN_CASE", "input.done.tag", 'unknown case "maybe"; the known cases: ok, err'],
      ["UNKNOWN_FIELD", "input.perms.exec", "unknown flag (flags: read, write, light-blue)"],
      ["WRONG_TYPE", "input.perms.write", "expected bool, got string"],
    ]);
    const fine = draftOfJson(kinds, {
      initial: "x",
      pair: [1],
      color: "light-blue",
      shape: { tag: "square" },
      outcome: { tag: "err", val: "no" },
      done: { tag: "ok", val: undefined },
      perms: { write: true },
      maybe: { tag: "some-count", val: null },
    });
    expect(fine.issues).toEqual([]);
    expect(jsonOfDraft(kinds, fine.draft).value).toEqual({
      initial: "x",
      pair: [1, ""],
      color: "light-blue",
      shape: { tag: "square", val: { side: 0 } },
      outcome: { tag: "err", val: "no" },
      done: { tag: "ok" },
      perms: { read: false, write: true, "light-blue": false },
      maybe: { tag: "some-count", val: null },
    });
  });

  test("a char that is not one code point survives the trip through JSON and back", () => {
    const draft = setText(emptyDraft(kinds), "initial", "ab");
    const json = JSON.parse(JSON.stringify(jsonOfDraft(kinds, draft).value));
    expect(draftOfJson(kinds, json)).toEqual({ draft, issues: [] });
  });

  test("the runtime accepts what the form reads, and finds no more than the form does", () => {
    let draft = setText(emptyDraft(kinds), "initial", "ab");
    draft = setCase(draft, "shape", "square");
    draft = setText(draft, "shape.val.side", "x");
    expect(readDraft(kinds, draft).issues.map((i) => i.path)).toEqual(["input.initial", "input.shape.val.side"]);
    draft = setText(setText(draft, "initial", "é"), "shape.val.side", "18446744073709551615");
    draft = setFlag(setCase(draft, "outcome", "err"), "perms", "write", true);
    const { value, issues } = readDraft(kinds, draft);
    expect(issues).toEqual([]);
    expect(accepted(kinds, value)).toMatchObject({
      initial: "é",
      shape: { tag: "square", val: { side: 18446744073709551615n } },
      outcome: { tag: "err", val: "" },
      perms: { read: false, write: true, "light-blue": false },
    });
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
  test("the draft of a value reads back as that value in the JSON mapping, before any runtime check", () => {
    fc.assert(
      fc.property(typedValues, ({ type, value }) => {
        expect(jsonOfDraft(type, draftOf(type, value))).toEqual({ value: jsonForm(type, value), issues: [] });
      }),
      { numRuns: 1000 },
    );
  });

  test("the JSON of a draft, sent as text and parsed, goes back into the form whole", () => {
    fc.assert(
      fc.property(typedValues, ({ type, value }) => {
        const sent = JSON.parse(JSON.stringify(jsonOfDraft(type, draftOf(type, value)).value)) as unknown;
        const back = draftOfJson(type, sent);
        expect(back.issues).toEqual([]);
        expect(jsonOfDraft(type, back.draft)).toEqual({ value: sent, issues: [] });
      }),
      { numRuns: 500 },
    );
  });

  test("the empty form of any type has nothing the form itself refuses", () => {
    fc.assert(
      fc.property(valueTypes, (type) => {
        expect(jsonOfDraft(type, emptyDraft(type)).issues).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

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
