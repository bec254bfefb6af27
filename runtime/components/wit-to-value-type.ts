import type { Issue } from "../errors/index.js";
import {
  maxCases,
  maxFlags,
  maxRecordFields,
  maxTupleElements,
  maxTypeDepth,
  type RecordField,
  type ValueType,
  type VariantCase,
} from "../values/index.js";
import type { WitType } from "../wasm/index.js";
import { camelOf, kebabOf } from "./component-names.js";
import { unsupportedIssue, unsupportedReason } from "./unsupported.js";

/** A WIT label as wasmflow declares enum cases, variant cases and flags: lowercase kebab-case words. */
const labelName = /^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$/;
const fieldName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const reservedFieldNames = new Set(["__proto__", "constructor", "prototype"]);

export type Mapped = { readonly type: ValueType } | { readonly issues: readonly Issue[] };

/**
 * The wasmflow value type of a WIT type: the same structure, `list<u8>` as `bytes`, record
 * fields named as jco names them in JavaScript (`word-count` → `wordCount`). Where there is none,
 * the issues say where and why (`COMPONENT_TYPE_UNSUPPORTED`), each at `path` and the field,
 * item (`[]`, `[0]`) or payload (`.val`) below it.
 */
export function witToValueType(type: WitType, path: string): Mapped {
  const issues: Issue[] = [];
  const mapped = map(type, path, 0, issues);
  return mapped === undefined || issues.length > 0 ? { issues } : { type: mapped };
}

function map(type: WitType, path: string, depth: number, issues: Issue[]): ValueType | undefined {
  const fail = (why: string): undefined => {
    issues.push(unsupportedIssue(path, type, why));
    return undefined;
  };
  if (depth > maxTypeDepth) return fail(`the type nests deeper than ${maxTypeDepth} levels`);
  const reason = unsupportedReason(type);
  if (reason !== undefined) return fail(reason);
  switch (type.kind) {
    case "bool":
    case "s32":
    case "u32":
    case "s64":
    case "u64":
    case "f32":
    case "f64":
    case "char":
    case "string":
      return { kind: type.kind };
    case "list": {
      if (type.element.kind === "u8") return { kind: "bytes" };
      const element = map(type.element, `${path}[]`, depth + 1, issues);
      return element === undefined ? undefined : { kind: "list", element };
    }
    case "option": {
      const inner = map(type.inner, path, depth + 1, issues);
      return inner === undefined ? undefined : { kind: "option", inner };
    }
    case "record":
      return mapRecord(type.fields, path, depth, issues, fail);
    case "tuple": {
      if (type.elements.length === 0 || type.elements.length > maxTupleElements) {
        return fail(`a tuple has 1 to ${maxTupleElements} items`);
      }
      const elements = type.elements.map((e, i) => map(e, `${path}[${i}]`, depth + 1, issues));
      return allDefined(elements) ? { kind: "tuple", elements } : undefined;
    }
    case "enum": {
      const problem = labelsProblem(type.kind, type.cases, maxCases, "case");
      return problem === undefined ? { kind: "enum", cases: type.cases } : fail(problem);
    }
    case "flags": {
      const problem = labelsProblem(type.kind, type.flags, maxFlags, "flag");
      return problem === undefined ? { kind: "flags", flags: type.flags } : fail(problem);
    }
    case "variant": {
      const problem = labelsProblem(
        type.kind,
        type.cases.map((c) => c.name),
        maxCases,
        "case",
      );
      if (problem !== undefined) return fail(problem);
      const cases = type.cases.map((c): VariantCase | undefined => {
        if (c.type === undefined) return { name: c.name };
        const payload = map(c.type, `${path}.val`, depth + 1, issues);
        return payload === undefined ? undefined : { name: c.name, type: payload };
      });
      return allDefined(cases) ? { kind: "variant", cases } : undefined;
    }
    case "result": {
      const ok = type.ok === undefined ? undefined : map(type.ok, `${path}.val`, depth + 1, issues);
      const err = type.err === undefined ? undefined : map(type.err, `${path}.val`, depth + 1, issues);
      if ((type.ok !== undefined && ok === undefined) || (type.err !== undefined && err === undefined))
        return undefined;
      return { kind: "result", ...(ok === undefined ? {} : { ok }), ...(err === undefined ? {} : { err }) };
    }
    default:
      return fail(`${type.kind} has no wasmflow type`);
  }
}

/** What keeps enum cases, variant cases or flags from being declared in wasmflow, if anything. */
function labelsProblem(kind: string, names: readonly string[], max: number, noun: string): string | undefined {
  if (names.length === 0 || names.length > max) return `${kind} has 1 to ${max} ${noun}s`;
  const bad = names.find((name) => !labelName.test(name));
  return bad === undefined ? undefined : `${noun} "${bad}" is not a lowercase WIT label (a-z, 0-9, single hyphens)`;
}

function mapRecord(
  fields: readonly { readonly name: string; readonly type: WitType }[],
  path: string,
  depth: number,
  issues: Issue[],
  fail: (why: string) => undefined,
): ValueType | undefined {
  if (fields.length === 0 || fields.length > maxRecordFields) {
    return fail(`a record has 1 to ${maxRecordFields} fields`);
  }
  const out: (RecordField | undefined)[] = fields.map((field) => {
    const name = camelOf(field.name);
    // The name must come back to the label it was made from, or the field could not be matched.
    if (!fieldName.test(name) || reservedFieldNames.has(name) || kebabOf(name) !== field.name.toLowerCase()) {
      fail(`field "${field.name}" has no wasmflow field name`);
      return undefined;
    }
    const type = map(field.type, `${path}.${name}`, depth + 1, issues);
    return type === undefined ? undefined : { name, type };
  });
  return allDefined(out) ? { kind: "record", fields: out } : undefined;
}

function allDefined<T>(items: readonly (T | undefined)[]): items is T[] {
  return items.every((item) => item !== undefined);
}
