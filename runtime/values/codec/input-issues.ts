import type { Issue, IssueCode } from "../../errors/index.js";
import { describeValue, isPlainObject, primitiveProblem } from "./accept.js";
import { fieldPath, indexPath } from "./paths.js";
import { LIST, OPTION, RECORD, type TypeNode } from "./type-node.js";

/** At most this many issues are reported for one value; a huge list of bad elements stops early. */
export const maxIssues = 20;

/** Issues found so far; `full` once the cap is reached, so the walk can stop. */
export class IssueList {
  readonly issues: Issue[] = [];
  truncated = false;

  get full(): boolean {
    return this.issues.length >= maxIssues;
  }

  add(code: IssueCode, path: string, expected: string, actual: string, message?: string): void {
    if (this.full) {
      this.truncated = true;
      return;
    }
    this.issues.push({ code, path, expected, actual, message: message ?? `expected ${expected}, got ${actual}` });
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
    default: {
      const problem = primitiveProblem(node.tag, value);
      if (problem !== undefined) list.add(problem.code, path, node.expected, problem.actual);
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
    const known = node.fields.map((f) => f.name);
    const shown = known.length > 12 ? `${known.slice(0, 12).join(", ")}, …` : known.join(", ");
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
