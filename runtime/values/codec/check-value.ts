import type { Issue } from "../../errors/index.js";
import type { ValueType } from "../value-type.js";
import { collectIssues, IssueList } from "./input-issues.js";
import type { InvalidValue } from "./invalid-input.js";
import { convertJson } from "./json-mapping.js";
import { type TypeNode, typeNodeOf } from "./type-node.js";

// The checks as data: whoever asks decides what a problem is to them (a task call's INPUT_INVALID,
// a flow definition's issue), so nothing here throws for a value that does not fit.

/**
 * Every problem with `value` as a value of `type`, by the rules a task's input is checked with
 * (records are plain objects with exactly the declared keys, s64/u64 a safe integer or a BigInt,
 * bytes a Uint8Array, strings well-formed); empty when it fits. At most `maxIssues`, each with
 * its path from `root`.
 * @example
 * checkValue(parseValueType({ n: "u32" }), { n: -1 }); // [{ code: "OUT_OF_RANGE", path: "input.n", … }]
 */
export function checkValue(type: ValueType, value: unknown, root = "input"): Issue[] {
  const list = new IssueList();
  collectIssues(typeNodeOf(type), value, root, list);
  return list.issues;
}

/**
 * The value JSON data stands for (64-bit integers as numbers or decimal strings, bytes as base64,
 * floats also as "NaN", "Infinity", "-Infinity"), or every problem that keeps it from being one,
 * each with its path from `root`.
 */
export function fromJson(type: ValueType, json: unknown, root = "input"): { readonly value: unknown } | InvalidValue {
  return fromJsonAt(typeNodeOf(type), json, root);
}

/** `fromJson` for a type already compiled (a codec's own node). */
export function fromJsonAt(node: TypeNode, json: unknown, root: string): { readonly value: unknown } | InvalidValue {
  const list = new IssueList();
  const value = convertJson(node, json, root, list);
  return list.issues.length > 0 ? { issues: list.issues, truncated: list.truncated } : { value };
}
