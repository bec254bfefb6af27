/**
 * cel-spec's conformance suite, run through our own compile + evaluate path (see `cases.ts`).
 *
 * Each applicable case must pass: give exactly the expected value (with a static type that agrees
 * with it), or fail as CEL defines, with a `CONDITION_ERROR` at run time or a refusal at compile
 * time. The only other way out is a compile-time refusal (`EXPRESSION_SYNTAX` or
 * `EXPRESSION_TYPE`) listed with its reason in `refusals.ts`; a wrong value is never listed. Cases
 * a flow cannot express are excluded there, with their reason. The table is checked both ways: an
 * entry whose cases no longer need it fails the suite.
 */
import { afterAll, describe, expect, test } from "vitest";
import {
  type CompiledExpression,
  compileExpression,
  ExpressionError,
  type ExpressionType,
  evaluate,
  formatExpressionType,
} from "../../../../runtime/flows/expressions/index.js";
import { type ConformanceCase, conformanceCases, type Expected, mapKey, toModel } from "./cases.js";
import { excluded, refused } from "./refusals.js";

type Outcome =
  | { readonly kind: "value"; readonly value: unknown; readonly type: ExpressionType }
  | { readonly kind: "checked"; readonly type: ExpressionType }
  | { readonly kind: "refused"; readonly error: ExpressionError }
  | { readonly kind: "failed"; readonly error: ExpressionError };

/** Compiles and runs a case; anything but our three error codes propagates and fails the test. */
function run(c: ConformanceCase): Outcome {
  let compiled: CompiledExpression;
  try {
    compiled = compileExpression(c.text, c.scope);
  } catch (error) {
    if (error instanceof ExpressionError && (error.code === "EXPRESSION_SYNTAX" || error.code === "EXPRESSION_TYPE")) {
      return { kind: "refused", error };
    }
    throw error;
  }
  if (c.expect.kind === "check") return { kind: "checked", type: compiled.type };
  try {
    return { kind: "value", value: evaluate(compiled, c.activation), type: compiled.type };
  } catch (error) {
    if (error instanceof ExpressionError && error.code === "CONDITION_ERROR") return { kind: "failed", error };
    throw error;
  }
}

/** The table entry covering a case: its own, else its section's, else its file's. */
function entryFor(table: Readonly<Record<string, string>>, c: ConformanceCase): [string, string] | undefined {
  for (const key of [c.id, `${c.file}/${c.section}`, c.file]) {
    const reason = table[key];
    if (reason !== undefined) return [key, reason];
  }
  return undefined;
}

// ---- comparing a result with the expected value ---------------------------------------------

/** The first difference between an expected value and a result in our model, if any. */
function difference(expected: Expected, got: unknown, path = "result"): string | undefined {
  const differs = `${path} is ${show(got)}, expected ${showExpected(expected)}`;
  switch (expected.kind) {
    case "int":
    case "uint": {
      // A uint is a number or BigInt in our model, as an int is: compared by value.
      const want = toModel(expected);
      return typeof got === typeof want && got === want ? undefined : differs;
    }
    case "double":
      if (typeof got !== "number") return differs;
      // NaN equals NaN here, and -0 equals 0 as in CEL.
      if (Number.isNaN(expected.value)) return Number.isNaN(got) ? undefined : differs;
      return got === expected.value ? undefined : differs;
    case "string":
    case "bool":
      return got === expected.value ? undefined : differs;
    case "bytes":
      return got instanceof Uint8Array && Buffer.from(got).equals(Buffer.from(expected.value)) ? undefined : differs;
    case "null":
      return got === null ? undefined : differs;
    case "list": {
      if (!Array.isArray(got) || got.length !== expected.items.length) return differs;
      for (const [i, item] of expected.items.entries()) {
        const inner = difference(item, got[i], `${path}[${i}]`);
        if (inner !== undefined) return inner;
      }
      return undefined;
    }
    case "map": {
      if (typeof got !== "object" || got === null || Array.isArray(got) || ArrayBuffer.isView(got)) return differs;
      const record = got as Record<string, unknown>;
      if (Object.keys(record).length !== expected.entries.length) return differs;
      for (const [key, item] of expected.entries) {
        const name = mapKey(key);
        if (!Object.hasOwn(record, name)) return differs;
        const inner = difference(item, record[name], `${path}[${JSON.stringify(name)}]`);
        if (inner !== undefined) return inner;
      }
      return undefined;
    }
    case "type":
      return `${path}: a type value cannot be compared`;
  }
}

/** Where the static type of a result contradicts the kind of the expected value, if it does. */
function typeConflict(type: ExpressionType, expected: Expected, path = "result"): string | undefined {
  const conflict = `${path} has static type ${formatExpressionType(type)}, expected a CEL ${expected.kind}`;
  switch (type.kind) {
    case "dyn":
      return undefined;
    case "option":
      // An option comes out as its value, or null when absent.
      return expected.kind === "null" ? undefined : typeConflict(type.inner, expected, path);
    case "list":
      if (expected.kind !== "list") return conflict;
      for (const [i, item] of expected.items.entries()) {
        const inner = typeConflict(type.element, item, `${path}[${i}]`);
        if (inner !== undefined) return inner;
      }
      return undefined;
    case "map":
      if (expected.kind !== "map") return conflict;
      for (const [key, item] of expected.entries) {
        const inner = typeConflict(type.key, key, `${path} key`) ?? typeConflict(type.value, item, `${path} value`);
        if (inner !== undefined) return inner;
      }
      return undefined;
    default: {
      const celKind: Readonly<Record<string, Expected["kind"]>> = {
        s64: "int",
        u64: "uint",
        f64: "double",
        string: "string",
        bytes: "bytes",
        bool: "bool",
        null: "null",
      };
      return celKind[type.kind] === expected.kind ? undefined : conflict;
    }
  }
}

function sameType(a: ExpressionType, b: ExpressionType): boolean {
  return formatExpressionType(a) === formatExpressionType(b);
}

function show(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (value instanceof Uint8Array) return `bytes[${Buffer.from(value).toString("hex")}]`;
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${show(v)}`);
    return `{${entries.join(", ")}}`;
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function showExpected(expected: Expected): string {
  switch (expected.kind) {
    case "int":
      return String(expected.value);
    case "uint":
      return `${expected.value}u`;
    case "double":
      return Number.isInteger(expected.value) && !Object.is(expected.value, -0)
        ? `${expected.value}.0`
        : show(expected.value);
    case "string":
      return JSON.stringify(expected.value);
    case "bytes":
      return `bytes[${Buffer.from(expected.value).toString("hex")}]`;
    case "bool":
      return String(expected.value);
    case "null":
      return "null";
    case "list":
      return `[${expected.items.map(showExpected).join(", ")}]`;
    case "map":
      return `{${expected.entries.map(([k, v]) => `${showExpected(k)}: ${showExpected(v)}`).join(", ")}}`;
    case "type":
      return `type ${expected.name}`;
  }
}

function showOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case "value":
      return `${show(outcome.value)} (static type ${formatExpressionType(outcome.type)})`;
    case "checked":
      return `static type ${formatExpressionType(outcome.type)}`;
    case "refused":
    case "failed":
      return `${outcome.error.code} (${outcome.error.details.reason}): ${outcome.error.message}`;
  }
}

// ---- judging a case ---------------------------------------------------------------------------

type Status = "passed" | "refused" | "error refused";

/** How a case ended, or what is wrong with it. */
function judge(c: ConformanceCase, outcome: Outcome): { status: Status } | { problem: string } {
  const listed = entryFor(refused, c);
  if (c.expect.kind === "error") {
    if (outcome.kind === "failed") return { status: "passed" };
    if (outcome.kind === "refused") return { status: "error refused" };
    return { problem: "CEL defines an error here, it gave a value" };
  }
  if (outcome.kind === "refused") {
    return listed !== undefined
      ? { status: "refused" }
      : { problem: "refused at compile time, and not listed in refusals.ts" };
  }
  if (listed !== undefined) {
    return { problem: `listed in refusals.ts (${listed[0]}: "${listed[1]}") but it compiles` };
  }
  if (outcome.kind === "failed") return { problem: "failed at run time where CEL defines a value" };
  const deduced = c.expect.type;
  if (deduced !== undefined && !sameType(deduced, outcome.type)) {
    const types = `${formatExpressionType(deduced)}, the static type is ${formatExpressionType(outcome.type)}`;
    return { problem: `the checker deduces ${types}` };
  }
  if (c.expect.kind === "check") return { status: "passed" };
  if (outcome.kind !== "value") return { problem: "it was not run" };
  const problem = difference(c.expect.value, outcome.value) ?? typeConflict(outcome.type, c.expect.value);
  return problem === undefined ? { status: "passed" } : { problem };
}

function expectedText(c: ConformanceCase): string {
  switch (c.expect.kind) {
    case "error":
      return "an error";
    case "check":
      return `static type ${formatExpressionType(c.expect.type)}`;
    case "value":
      return showExpected(c.expect.value);
  }
}

function oneLine(text: string, max = 70): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

// ---- the cases ----------------------------------------------------------------------------------

const statuses = new Map<string, Status>();
const errorsRefused: string[] = [];
let excludedCount = 0;

const byFile = new Map<string, Map<string, ConformanceCase[]>>();
for (const c of conformanceCases) {
  if (entryFor(excluded, c) !== undefined) {
    excludedCount += 1;
    continue;
  }
  const sections = byFile.get(c.file) ?? new Map<string, ConformanceCase[]>();
  byFile.set(c.file, sections);
  const cases = sections.get(c.section) ?? [];
  sections.set(c.section, cases);
  cases.push(c);
}

for (const [file, sections] of byFile) {
  describe(file, () => {
    for (const [section, cases] of sections) {
      describe(section, () => {
        for (const c of cases) {
          test(`${c.id.slice(file.length + section.length + 2)}: ${oneLine(c.expr)}`, () => {
            const outcome = run(c);
            const verdict = judge(c, outcome);
            if ("problem" in verdict) {
              const text = c.text === c.expr ? "" : `\n  compiled as: ${c.text}`;
              expect.fail(
                `${c.id}: ${verdict.problem}\n  expr: ${c.expr}${text}\n  expected: ${expectedText(c)}\n  got: ${showOutcome(outcome)}`,
              );
            }
            statuses.set(c.id, verdict.status);
            if (verdict.status === "error refused") errorsRefused.push(c.id);
          });
        }
      });
    }
  });
}

// ---- the table ----------------------------------------------------------------------------------

describe("refusals.ts", () => {
  const keys = new Set<string>();
  for (const c of conformanceCases) for (const key of [c.id, `${c.file}/${c.section}`, c.file]) keys.add(key);

  test("every entry names a file, section or case of the suite, and none is both excluded and refused", () => {
    const unknown = [...Object.keys(excluded), ...Object.keys(refused)].filter((key) => !keys.has(key));
    expect(unknown).toEqual([]);
    expect(Object.keys(refused).filter((key) => Object.hasOwn(excluded, key))).toEqual([]);
  });

  test("every case a flow cannot express is excluded", () => {
    const missing = conformanceCases
      .filter((c) => c.blocker !== undefined && entryFor(excluded, c) === undefined)
      .map((c) => `${c.id}: ${c.blocker}`);
    expect(missing).toEqual([]);
  });

  test("every refusal entry is still needed: it covers a case that expects a value and is refused", () => {
    const needed = new Set<string>();
    for (const c of conformanceCases) {
      const listed = entryFor(refused, c);
      if (listed === undefined || entryFor(excluded, c) !== undefined || c.expect.kind === "error") continue;
      if (run(c).kind === "refused") needed.add(listed[0]);
    }
    expect(Object.keys(refused).filter((key) => !needed.has(key))).toEqual([]);
  });
});

afterAll(() => {
  const count = (status: Status) => [...statuses.values()].filter((s) => s === status).length;
  const applicable = conformanceCases.length - excludedCount;
  const failed = applicable - statuses.size;
  const lines = [
    `CEL conformance: ${conformanceCases.length} cases, ${applicable} applicable: ` +
      `${count("passed") + count("error refused")} passed (${count("error refused")} of them error cases refused at compile time), ` +
      `${count("refused")} refused, ${failed} failed or not run; ${excludedCount} excluded`,
  ];
  if (errorsRefused.length > 0) lines.push(`  error cases refused at compile time: ${errorsRefused.join(", ")}`);
  console.log(lines.join("\n"));
});
