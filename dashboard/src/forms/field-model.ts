import { fromJson, type Issue, resultCases, type ValueType, type VariantCase } from "../api/wasmflow.js";

/**
 * What a form holds for a value before it is read as one. Numbers stay the text typed, so a u64
 * past 2^53 is never rounded by a JavaScript number; bytes are base64 text.
 */
export type Draft = TextDraft | BoolDraft | OptionDraft | ListDraft | RecordDraft | TupleDraft | CaseDraft | FlagsDraft;

/** Strings, chars, numbers and bytes. */
export interface TextDraft {
  readonly kind: "text";
  readonly text: string;
}
export interface BoolDraft {
  readonly kind: "bool";
  readonly checked: boolean;
}
/**
 * Set or not set; the inner draft is kept while not set, so switching back restores it. Nested
 * options are one option here: JSON writes none as null at any depth, so only the innermost
 * type can be filled in.
 */
export interface OptionDraft {
  readonly kind: "option";
  readonly set: boolean;
  readonly inner: Draft;
}
export interface ListDraft {
  readonly kind: "list";
  readonly items: readonly Draft[];
}
/** Field drafts in the record type's declared order. */
export interface RecordDraft {
  readonly kind: "record";
  readonly fields: readonly FieldDraft[];
}
export interface FieldDraft {
  readonly name: string;
  readonly draft: Draft;
}
/** One item draft per declared item, in order: a tuple's length is its type's, so none is added or removed. */
export interface TupleDraft {
  readonly kind: "tuple";
  readonly items: readonly Draft[];
}
/**
 * The chosen case of an enum, a variant or a result (`ok` or `err`), with the payload draft of
 * every case that carries one (by case name): kept while another case is chosen, so choosing it
 * again restores what was typed, as an option keeps its inner draft while not set.
 */
export interface CaseDraft {
  readonly kind: "case";
  readonly tag: string;
  readonly payloads: readonly FieldDraft[];
}
/** The names of the flags that are set; any other declared flag is not. */
export interface FlagsDraft {
  readonly kind: "flags";
  readonly set: readonly string[];
}

/** A draft read as a value: the input in the JSON mapping (what the HTTP API takes), sent only when `issues` is empty. */
export interface FormValue {
  readonly value: unknown;
  readonly issues: readonly Issue[];
}

/** Where server issues of a flow run's or a task call's input start: `input.tags[0]`. */
export const inputRoot = "input";

type OptionOf = Extract<ValueType, { kind: "option" }>;
type TupleOf = Extract<ValueType, { kind: "tuple" }>;
type FlagsOf = Extract<ValueType, { kind: "flags" }>;
/** The types whose value is one of named cases. */
export type CasesOf = Extract<ValueType, { kind: "enum" | "variant" | "result" }>;
/** A case of an enum (never a payload), a variant or a result. */
export type Case = VariantCase;

/** The type a set option is filled in as: `u32` for `option<option<u32>>`. */
export function presentType(type: OptionOf): ValueType {
  let inner = type.inner;
  while (inner.kind === "option") inner = inner.inner;
  return inner;
}

/**
 * The cases of `type` in declared order; a result's are `ok` then `err`, as the runtime numbers
 * them, each with its side's type when it has one.
 */
export function casesOf(type: CasesOf): readonly Case[] {
  switch (type.kind) {
    case "enum":
      return type.cases.map((name) => ({ name }));
    case "variant":
      return type.cases;
    case "result":
      return resultCases(type);
  }
}

/** The segment of a draft path (and of an issue's) that names a variant's or a result's payload: `shape.val`. */
export const payloadSegment = "val";

/**
 * A draft path: record field names, list and tuple indexes, flag names and `val` for a payload,
 * joined with dots (`tags.0`, `profile.name`, `shape.val`), `""` for the whole value. Field names
 * are identifiers and flag names labels (`light-blue`), so a dot never occurs inside one.
 */
export function childPath(parent: string, segment: string | number): string {
  return parent === "" ? String(segment) : `${parent}.${segment}`;
}

/** The draft of a value the form starts from when none is given: zero, empty, false, not set. */
export function emptyDraft(type: ValueType): Draft {
  return build(type, undefined, undefined);
}

/**
 * The draft of `initial`, in the JSON mapping (a flow's `initial`) or as a value (BigInt,
 * Uint8Array); what does not fit the type is left out, and without `initial` the draft is empty.
 */
export function draftOf(type: ValueType, initial?: unknown): Draft {
  return build(type, initial, undefined);
}

/**
 * The draft of JSON typed by a person, with an issue for each part the form has no place for (a
 * field the type does not declare, an object where a list is): leaving those out would lose them.
 */
export function draftOfJson(type: ValueType, json: unknown, root = inputRoot): { draft: Draft; issues: Issue[] } {
  const lost: Issue[] = [];
  return { draft: build(type, json, { path: root, lost }), issues: lost };
}

interface Losses {
  readonly path: string;
  readonly lost: Issue[];
}

function build(type: ValueType, value: unknown, at: Losses | undefined): Draft {
  switch (type.kind) {
    case "bool":
      if (typeof value !== "boolean") lose(at, value, "bool");
      return { kind: "bool", checked: value === true };
    case "option":
      if (value === null || value === undefined)
        return { kind: "option", set: false, inner: emptyDraft(presentType(type)) };
      return { kind: "option", set: true, inner: build(presentType(type), value, at) };
    case "list": {
      if (!Array.isArray(value)) {
        lose(at, value, "list");
        return { kind: "list", items: [] };
      }
      const items = value.map((item, i) => build(type.element, item, at && { ...at, path: `${at.path}[${i}]` }));
      return { kind: "list", items };
    }
    case "record":
      return buildRecord(type, value, at);
    case "tuple":
      return buildTuple(type, value, at);
    case "enum":
    case "variant":
    case "result":
      return buildCase(type, value, at);
    case "flags":
      return buildFlags(type, value, at);
    default:
      return { kind: "text", text: textOf(type.kind, value, at) };
  }
}

// Issues worded as the runtime words them, so the JSON view says the same as the server would.

function buildTuple(type: TupleOf, value: unknown, at: Losses | undefined): Draft {
  const given = Array.isArray(value) ? (value as unknown[]) : undefined;
  if (given === undefined) lose(at, value, "tuple");
  const count = type.elements.length;
  if (given !== undefined && given.length > count && at !== undefined) {
    const expected = `tuple of ${count} ${count === 1 ? "item" : "items"}`;
    const actual = `an array of ${given.length} items`;
    const message = `expected ${expected}, got ${actual}`;
    at.lost.push({ code: "OUT_OF_RANGE", path: at.path, expected, actual, message });
  }
  const items = type.elements.map((element, i) =>
    build(element, given?.[i], at && { ...at, path: `${at.path}[${i}]` }),
  );
  return { kind: "tuple", items };
}

function buildCase(type: CasesOf, value: unknown, at: Losses | undefined): Draft {
  const cases = casesOf(type);
  const names = cases.map((c) => c.name);
  let tag = names[0] as string;
  let payload: unknown;
  if (type.kind === "enum") {
    if (typeof value !== "string") lose(at, value, "enum case name");
    else if (names.includes(value)) tag = value;
    else unknownCase(at, value, names);
  } else if (!isObject(value)) {
    lose(at, value, type.kind);
  } else {
    for (const key of Object.keys(value)) {
      if (key === "tag" || key === payloadSegment || at === undefined) continue;
      at.lost.push({ code: "UNKNOWN_FIELD", path: keyPath(at.path, key), message: "unknown field" });
    }
    const given = value.tag;
    const tagAt = at && { ...at, path: `${at.path}.tag` };
    if (typeof given === "string" && names.includes(given)) tag = given;
    else if (typeof given === "string") unknownCase(tagAt, given, names);
    else lose(tagAt, given, "case name");
    if (tag === given) payload = value[payloadSegment];
    const carries = cases.find((c) => c.name === tag)?.type !== undefined;
    if (tag === given && !carries && payload !== undefined && at !== undefined) {
      const path = `${at.path}.${payloadSegment}`;
      at.lost.push({ code: "UNKNOWN_FIELD", path, message: `case ${JSON.stringify(tag)} carries no payload` });
    }
  }
  const payloads: FieldDraft[] = [];
  for (const c of cases) {
    if (c.type === undefined) continue;
    const mine = c.name === tag;
    const path = at && { ...at, path: `${at.path}.${payloadSegment}` };
    payloads.push({ name: c.name, draft: build(c.type, mine ? payload : undefined, mine ? path : undefined) });
  }
  return { kind: "case", tag, payloads };
}

function unknownCase(at: Losses | undefined, name: string, names: readonly string[]): void {
  if (at === undefined) return;
  const known = names.join(", ");
  const actual = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
  const message = `unknown case ${actual}; the known cases: ${known}`;
  at.lost.push({ code: "UNKNOWN_CASE", path: at.path, expected: `a case name: ${known}`, actual, message });
}

function buildFlags(type: FlagsOf, value: unknown, at: Losses | undefined): Draft {
  const given = isObject(value) ? value : undefined;
  if (given === undefined) {
    lose(at, value, "flags");
    return { kind: "flags", set: [] };
  }
  if (at !== undefined) {
    const message = `unknown flag (flags: ${type.flags.join(", ")})`;
    for (const key of Object.keys(given)) {
      const path = keyPath(at.path, key);
      if (!type.flags.includes(key)) at.lost.push({ code: "UNKNOWN_FIELD", path, message });
      else if (typeof given[key] !== "boolean") lose({ ...at, path }, given[key], "bool");
    }
  }
  return { kind: "flags", set: type.flags.filter((flag) => Object.hasOwn(given, flag) && given[flag] === true) };
}

function buildRecord(type: Extract<ValueType, { kind: "record" }>, value: unknown, at: Losses | undefined): Draft {
  const record = isObject(value) ? value : undefined;
  if (record === undefined) lose(at, value, "record");
  if (record !== undefined && at !== undefined) {
    const declared = new Set(type.fields.map((field) => field.name));
    for (const key of Object.keys(record)) {
      if (declared.has(key)) continue;
      at.lost.push({ code: "UNKNOWN_FIELD", path: keyPath(at.path, key), message: "unknown field" });
    }
  }
  const fields = type.fields.map((field) => {
    const item = record !== undefined && Object.hasOwn(record, field.name) ? record[field.name] : undefined;
    return { name: field.name, draft: build(field.type, item, at && { ...at, path: `${at.path}.${field.name}` }) };
  });
  return { kind: "record", fields };
}

function textOf(kind: string, value: unknown, at: Losses | undefined): string {
  if (typeof value === "string") return value;
  if (kind === "string") {
    lose(at, value, "string");
    return "";
  }
  if (kind === "char") {
    lose(at, value, "char");
    // Every char field holds a char to start with, as a number field holds 0: an empty one is no value.
    return "a";
  }
  if (kind === "bytes") {
    if (value instanceof Uint8Array) return base64Of(value);
    lose(at, value, "bytes as a base64 string");
    return "";
  }
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "bigint") return value.toString();
  lose(at, value, kind);
  return "0";
}

// Only what the form cannot hold counts as lost: a missing value is simply not filled in yet.
function lose(at: Losses | undefined, value: unknown, expected: string): void {
  if (at === undefined || value === undefined) return;
  const actual = describe(value);
  at.lost.push({ code: "WRONG_TYPE", path: at.path, expected, actual, message: `expected ${expected}, got ${actual}` });
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "number" || typeof value === "boolean" ? `${typeof value} ${value}` : typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function keyPath(path: string, key: string): string {
  return identifier.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function base64Of(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Reads a draft as the input in the JSON mapping and checks it with the runtime's `fromJson`, the
 * check the server applies, so every issue carries the path the server would report
 * (`input.tags[0]`). Number text is converted per kind first: integers exactly (past 2^53 as
 * decimal strings), floats as numbers or "NaN" / "Infinity" / "-Infinity". Text that is no number
 * at all is an issue of its own and stays in `value` as typed.
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: a module function, never a property; the name reads as "the value of a draft"
export function valueOf(type: ValueType, draft: Draft, root = inputRoot): FormValue {
  const reading: Reading = { issues: [], order: new Map() };
  const value = read(type, draft, root, reading);
  const checked = fromJson(type, value, root);
  if (!("issues" in checked) && reading.issues.length === 0) return { value, issues: [] };
  // A field whose text was refused here holds that text, which the runtime would refuse again.
  const flagged = reading.issues.map((issue) => issue.path);
  const runtime =
    "issues" in checked ? checked.issues.filter((issue) => !flagged.some((p) => within(issue.path, p))) : [];
  const rank = (issue: Issue) => reading.order.get(issue.path) ?? Number.POSITIVE_INFINITY;
  return { value, issues: [...reading.issues, ...runtime].sort((a, b) => rank(a) - rank(b)) };
}

/**
 * A draft read as the input in the JSON mapping, as `valueOf` reads it, with only the issues the
 * form itself finds (text that is no number) and not yet the runtime's check.
 */
export function jsonOfDraft(type: ValueType, draft: Draft, root = inputRoot): FormValue {
  const reading: Reading = { issues: [], order: new Map() };
  const value = read(type, draft, root, reading);
  return { value, issues: reading.issues };
}

interface Reading {
  readonly issues: Issue[];
  /** Each path in the order the form shows it, so issues are listed top to bottom. */
  readonly order: Map<string, number>;
}

function read(type: ValueType, draft: Draft, path: string, reading: Reading): unknown {
  reading.order.set(path, reading.order.size);
  const own = draft.kind === kindOfDraft(type) ? draft : emptyDraft(type);
  switch (type.kind) {
    case "bool":
      return own.kind === "bool" && own.checked;
    case "option":
      return own.kind === "option" && own.set ? read(presentType(type), own.inner, path, reading) : null;
    case "list":
      return own.kind === "list" ? own.items.map((item, i) => read(type.element, item, `${path}[${i}]`, reading)) : [];
    case "tuple":
      return type.elements.map((element, i) => {
        const item = own.kind === "tuple" ? own.items[i] : undefined;
        return read(element, item ?? emptyDraft(element), `${path}[${i}]`, reading);
      });
    case "enum":
      return own.kind === "case" ? own.tag : type.cases[0];
    case "variant":
    case "result":
      return readCase(type, own.kind === "case" ? own : (emptyDraft(type) as CaseDraft), path, reading);
    case "flags": {
      const set = own.kind === "flags" ? own.set : [];
      for (const flag of type.flags) reading.order.set(keyPath(path, flag), reading.order.size);
      return Object.fromEntries(type.flags.map((flag) => [flag, set.includes(flag)]));
    }
    case "record": {
      const record: Record<string, unknown> = {};
      for (const field of type.fields) {
        const found = own.kind === "record" ? own.fields.find((f) => f.name === field.name) : undefined;
        const item = read(field.type, found?.draft ?? emptyDraft(field.type), `${path}.${field.name}`, reading);
        // Defined, not assigned: assigning a key named `__proto__` would set the prototype instead.
        Object.defineProperty(record, field.name, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return record;
    }
    default:
      return readText(type.kind, own.kind === "text" ? own.text : "", path, reading);
  }
}

function readCase(type: CasesOf, draft: CaseDraft, path: string, reading: Reading): unknown {
  const payloadType = casesOf(type).find((c) => c.name === draft.tag)?.type;
  // A case without payload is `{ tag }` alone: a `val` key, even null, is refused on it.
  if (payloadType === undefined) return { tag: draft.tag };
  const payload = draft.payloads.find((p) => p.name === draft.tag)?.draft ?? emptyDraft(payloadType);
  return { tag: draft.tag, val: read(payloadType, payload, `${path}.${payloadSegment}`, reading) };
}

function kindOfDraft(type: ValueType): Draft["kind"] {
  switch (type.kind) {
    case "bool":
    case "option":
    case "list":
    case "record":
    case "tuple":
    case "flags":
      return type.kind;
    case "enum":
    case "variant":
    case "result":
      return "case";
    default:
      return "text";
  }
}

const integerText = /^[+-]?\d+$/;
const decimalText = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const floatWords = new Set(["NaN", "Infinity", "-Infinity"]);
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);
const wide = 2n ** 64n;

function readText(kind: string, text: string, path: string, reading: Reading): unknown {
  // A char needs no converting either: the runtime's check says when it is not one code point.
  if (kind === "string" || kind === "char") return text;
  // Base64 pasted from elsewhere is often wrapped over lines.
  if (kind === "bytes") return text.replace(/\s+/g, "");
  const typed = text.trim();
  const refuse = (code: Issue["code"], actual: string): string => {
    reading.issues.push({ code, path, expected: kind, actual, message: `expected ${kind}, got ${actual}` });
    return text;
  };
  if (typed === "") return refuse("WRONG_TYPE", "an empty field");
  const float = kind === "f32" || kind === "f64";
  if (!float && integerText.test(typed)) {
    const integer = BigInt(typed);
    const magnitude = integer < 0n ? -integer : integer;
    if (magnitude <= maxSafe) return Number(integer);
    // Past 2^53 only a 64-bit kind can hold it, written as a decimal string the runtime reads exactly.
    if ((kind === "s64" || kind === "u64") && magnitude < wide) return integer.toString();
    return refuse("OUT_OF_RANGE", `${integer} (out of range)`);
  }
  if (float && floatWords.has(typed)) return typed;
  if (decimalText.test(typed)) {
    const number = Number(typed);
    // JSON has no infinite numbers: one sent would arrive as null.
    return Number.isFinite(number) ? number : refuse("OUT_OF_RANGE", `${typed} (out of range)`);
  }
  const shown = typed.length > 40 ? `${typed.slice(0, 40)}…` : typed;
  return refuse("WRONG_TYPE", `${JSON.stringify(shown)} (not a number)`);
}

/** JSON text typed by a person, parsed, or the issue (at `root`) of why it is not JSON. */
export function parseJsonText(text: string, root = inputRoot): { json: unknown } | { issues: Issue[] } {
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { issues: [{ code: "JSON_SYNTAX", path: root, message: `not JSON: ${reason}` }] };
  }
}

/** JSON text checked exactly as the server checks a run's input; the value is the JSON as typed. */
export function valueOfJson(type: ValueType, text: string, root = inputRoot): FormValue {
  const parsed = parseJsonText(text, root);
  if ("issues" in parsed) return { value: undefined, issues: parsed.issues };
  const checked = fromJson(type, parsed.json, root);
  return { value: parsed.json, issues: "issues" in checked ? checked.issues : [] };
}

function within(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);
}

/**
 * The draft path an issue's path names (`input.tags[0]` → `tags.0`, `input` → `""`), or
 * undefined when it is not under `root`. A path the form has no field for (an unknown key) keeps
 * the part that does parse, its nearest ancestor.
 */
export function draftPathOf(issuePath: string, root = inputRoot): string | undefined {
  if (issuePath !== root && !within(issuePath, root)) return undefined;
  const segments: string[] = [];
  let rest = issuePath.slice(root.length);
  while (rest !== "") {
    const match = /^\.([A-Za-z_$][A-Za-z0-9_$]*)|^\[(\d+)\]|^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
    if (match === null) break;
    segments.push(match[1] ?? match[2] ?? (JSON.parse(match[3] as string) as string));
    rest = rest.slice(match[0].length);
  }
  return segments.join(".");
}

/**
 * Issues by the draft path of the field they belong to, client-side and server issues alike (both
 * use the runtime's paths); issues outside `root` are left out, for a summary to show.
 */
export function issuesByField(issues: readonly Issue[], root = inputRoot): ReadonlyMap<string, readonly Issue[]> {
  const byField = new Map<string, Issue[]>();
  for (const issue of issues) {
    const path = draftPathOf(issue.path, root);
    if (path === undefined) continue;
    const list = byField.get(path);
    if (list === undefined) byField.set(path, [issue]);
    else list.push(issue);
  }
  return byField;
}

/** Replaces the draft at `path` (an option's own draft, not the one inside it) by `update` of it. */
export function updateAt(draft: Draft, path: string, update: (at: Draft) => Draft): Draft {
  return updateFrom(draft, path === "" ? [] : path.split("."), 0, update);
}

function updateFrom(draft: Draft, segments: readonly string[], at: number, update: (d: Draft) => Draft): Draft {
  if (at === segments.length) return update(draft);
  const segment = segments[at] as string;
  switch (draft.kind) {
    case "option":
      return { ...draft, inner: updateFrom(draft.inner, segments, at, update) };
    case "record": {
      const index = draft.fields.findIndex((field) => field.name === segment);
      if (index < 0) return draft;
      const field = draft.fields[index] as FieldDraft;
      const changed = { name: field.name, draft: updateFrom(field.draft, segments, at + 1, update) };
      return { ...draft, fields: draft.fields.with(index, changed) };
    }
    case "list":
    case "tuple": {
      const index = Number(segment);
      const item = draft.items[index];
      if (!Number.isInteger(index) || item === undefined) return draft;
      return { ...draft, items: draft.items.with(index, updateFrom(item, segments, at + 1, update)) };
    }
    case "case": {
      // Only the chosen case's payload is on the form, so only it is reached.
      const index = draft.payloads.findIndex((payload) => payload.name === draft.tag);
      const payload = draft.payloads[index];
      if (segment !== payloadSegment || payload === undefined) return draft;
      const changed = { name: payload.name, draft: updateFrom(payload.draft, segments, at + 1, update) };
      return { ...draft, payloads: draft.payloads.with(index, changed) };
    }
    default:
      return draft;
  }
}

// An edit of a field's value reaches through the option around it, which keeps its own path.
function filled(update: (at: Draft) => Draft): (at: Draft) => Draft {
  const through = (at: Draft): Draft => (at.kind === "option" ? { ...at, inner: through(at.inner) } : update(at));
  return through;
}

export function setText(draft: Draft, path: string, text: string): Draft {
  return updateAt(
    draft,
    path,
    filled((at) => (at.kind === "text" ? { kind: "text", text } : at)),
  );
}

export function setChecked(draft: Draft, path: string, checked: boolean): Draft {
  return updateAt(
    draft,
    path,
    filled((at) => (at.kind === "bool" ? { kind: "bool", checked } : at)),
  );
}

/** Sets or clears the option at `path`. */
export function setPresent(draft: Draft, path: string, set: boolean): Draft {
  return updateAt(draft, path, (at) => (at.kind === "option" ? { ...at, set } : at));
}

export function addItem(draft: Draft, path: string, item: Draft): Draft {
  return updateAt(
    draft,
    path,
    filled((at) => (at.kind === "list" ? { kind: "list", items: [...at.items, item] } : at)),
  );
}

export function removeItem(draft: Draft, path: string, index: number): Draft {
  return updateAt(
    draft,
    path,
    filled((at) => (at.kind === "list" ? { kind: "list", items: at.items.filter((_, i) => i !== index) } : at)),
  );
}

/** Chooses the case of the enum, variant or result at `path`; each case's payload draft stays as it was. */
export function setCase(draft: Draft, path: string, tag: string): Draft {
  return updateAt(
    draft,
    path,
    filled((at) => (at.kind === "case" ? { ...at, tag } : at)),
  );
}

/** Sets or clears one flag of the flags at `path`. */
export function setFlag(draft: Draft, path: string, flag: string, on: boolean): Draft {
  return updateAt(
    draft,
    path,
    filled((at) => {
      if (at.kind !== "flags") return at;
      const others = at.set.filter((name) => name !== flag);
      return { kind: "flags", set: on ? [...others, flag] : others };
    }),
  );
}
