import { type Issue, type IssueCode, suggest } from "../../errors/index.js";
import { describeValue, isPlainObject, primitiveProblem } from "./accept.js";
import { fieldPath, indexPath } from "./paths.js";
import { ENUM, FLAGS, itemCount, LIST, OPTION, RECORD, TUPLE, type TypeNode, VARIANT } from "./type-node.js";

/** At most this many issues are reported for one value; a huge list of bad elements stops early. */
export const maxIssues = 20;

/** Issues found so far; `full` once the cap is reached, so the walk can stop. */
export class IssueList {
  readonly issues: Issue[] = [];
  truncated = false;

  get full(): boolean {
    return this.issues.length >= maxIssues;
  }

  add(
    code: IssueCode,
    path: string,
    expected: string,
    actual: string,
    message?: string,
    suggestions: readonly string[] = [],
  ): void {
    if (this.full) {
      this.truncated = true;
      return;
    }
    this.issues.push({
      code,
      path,
      expected,
      actual,
      message: message ?? `expected ${expected}, got ${actual}`,
      ...(suggestions.length === 0 ? {} : { suggestions }),
    });
  }
}

/**
 * Walks a JavaScript value against its type and records every mismatch with its path. This is
 * the slow path, run only once the fast encoder has found that something is wrong.
 */
export function collectIssues(node: TypeNode, value: unknown, path: string, list: IssueList): void {
  if (list.full) {
    list.truncated = true;
    return;
  }
  switch (node.tag) {
    case LIST:
      if (!Array.isArray(value)) {
        list.add("WRONG_TYPE", path, "list", describeValue(value));
        return;
      }
      for (let i = 0; i < value.length && !list.truncated; i++) {
        collectIssues(node.child as TypeNode, value[i], indexPath(path, i), list);
      }
      return;
    case OPTION:
      if (value !== null && value !== undefined) collectIssues(node.child as TypeNode, value, path, list);
      return;
    case RECORD:
      collectRecordIssues(node, value, path, list);
      return;
    case TUPLE:
      if (tupleItems(node, value, path, list)) {
        for (const [i, item] of node.children.entries()) {
          collectIssues(item as TypeNode, value[i], indexPath(path, i), list);
        }
      }
      return;
    case ENUM:
      if (typeof value !== "string") list.add("WRONG_TYPE", path, "enum", describeValue(value));
      else if (!node.caseIndex.has(value)) unknownCase(node, value, path, list);
      return;
    case VARIANT: {
      const index = variantCase(node, value, path, list);
      const payload = index < 0 ? null : node.children[index];
      const val = payload ? (value as { val?: unknown }).val : undefined;
      if (payload && val !== undefined) collectIssues(payload, val, fieldPath(path, "val"), list);
      return;
    }
    case FLAGS:
      collectFlagIssues(node, value, path, list);
      return;
    default: {
      const problem = primitiveProblem(node.tag, value);
      if (problem !== undefined) list.add(problem.code, path, node.expected, problem.actual);
    }
  }
}

/** Whether `value` is an array of the tuple's length; reports why not otherwise. */
export function tupleItems(node: TypeNode, value: unknown, path: string, list: IssueList): value is unknown[] {
  if (!Array.isArray(value)) {
    list.add("WRONG_TYPE", path, node.expected, describeValue(value));
    return false;
  }
  if (value.length !== node.children.length) {
    list.add("OUT_OF_RANGE", path, node.expected, `an array of ${itemCount(value.length)}`);
    return false;
  }
  return true;
}

/**
 * Checks the shape of a variant or result object — a plain object, a declared `tag`, `val` where
 * and only where the case carries a payload (an option payload may be left out: none), no other
 * key — and returns the index of its case; -1 when no case was found to check a payload against.
 */
export function variantCase(node: TypeNode, value: unknown, path: string, list: IssueList): number {
  if (!isPlainObject(value)) {
    list.add("WRONG_TYPE", path, node.expected, describeValue(value));
    return -1;
  }
  for (const key of Object.keys(value)) {
    if (key === "tag" || key === "val") continue;
    list.add("UNKNOWN_FIELD", fieldPath(path, key), "no such field", "a value", "unknown field (only tag and val)");
  }
  const tag = value.tag;
  const at = fieldPath(path, "tag");
  if (tag === undefined) {
    list.add("MISSING_FIELD", at, `a case name: ${shownNames(node.names)}`, "nothing", "missing tag");
    return -1;
  }
  if (typeof tag !== "string") {
    list.add("WRONG_TYPE", at, `a case name: ${shownNames(node.names)}`, describeValue(tag));
    return -1;
  }
  const index = node.caseIndex.get(tag);
  if (index === undefined) {
    unknownCase(node, tag, at, list);
    return -1;
  }
  const payload = node.children[index];
  const val = value.val;
  if (!payload) {
    if (val !== undefined) {
      const message = `case "${tag}" carries no payload`;
      list.add("UNKNOWN_FIELD", fieldPath(path, "val"), "no payload", "a value", message);
    }
  } else if (val === undefined && payload.tag !== OPTION) {
    list.add("MISSING_FIELD", fieldPath(path, "val"), payload.expected, "nothing", `missing payload of case "${tag}"`);
  }
  return index;
}

function unknownCase(node: TypeNode, name: string, path: string, list: IssueList): void {
  const shown = JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
  const { names, text } = suggest(name, node.names, "cases");
  const message = `unknown case ${shown}${text === "" ? "" : `; ${text}`}`;
  list.add("UNKNOWN_CASE", path, `a case name: ${shownNames(node.names)}`, shown, message, names);
}

function collectFlagIssues(node: TypeNode, value: unknown, path: string, list: IssueList): void {
  if (!isPlainObject(value)) {
    list.add("WRONG_TYPE", path, "flags", describeValue(value));
    return;
  }
  for (const key of Object.keys(value)) {
    if (node.fieldIndex.has(key)) continue;
    const message = `unknown flag (flags: ${shownNames(node.fields.map((f) => f.name))})`;
    list.add("UNKNOWN_FIELD", fieldPath(path, key), "no such flag", "a value", message);
  }
  const items = node.valuesOf(value);
  for (const [i, flag] of node.fields.entries()) {
    const item = items[i];
    if (item !== undefined && typeof item !== "boolean") {
      list.add("WRONG_TYPE", fieldPath(path, flag.name), "bool", describeValue(item));
    }
  }
}

function collectRecordIssues(node: TypeNode, value: unknown, path: string, list: IssueList): void {
  if (!isPlainObject(value)) {
    list.add("WRONG_TYPE", path, "record", describeValue(value));
    return;
  }
  for (const key of Object.keys(value)) {
    if (node.fieldIndex.has(key)) continue;
    const shown = shownNames(node.fields.map((f) => f.name));
    list.add("UNKNOWN_FIELD", fieldPath(path, key), "no such field", "a value", `unknown field (fields: ${shown})`);
  }
  const items = node.valuesOf(value);
  for (const [i, field] of node.fields.entries()) {
    const item = items[i];
    const at = fieldPath(path, field.name);
    if (item === undefined) {
      if (!field.optional) list.add("MISSING_FIELD", at, field.type.expected, "nothing", "missing required field");
    } else {
      collectIssues(field.type, item, at, list);
    }
  }
}

/** Declared names for a message: the first twelve, then an ellipsis. */
function shownNames(names: readonly string[]): string {
  return names.length > 12 ? `${names.slice(0, 12).join(", ")}, …` : names.join(", ");
}
