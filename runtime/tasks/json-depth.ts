import type { Issue } from "../errors/index.js";
import { type JsonNode, jsonPathKeys, walkJson } from "./json-walk.js";
import { formatPath } from "./zod-issues.js";

/**
 * The TOO_DEEP issue of a parsed JSON document that nests objects and arrays more than
 * `maxDepth` levels, or undefined. Found without recursion, at any depth: check a document with
 * it before a schema, or any other recursive walk, sees it.
 */
export function jsonDepthIssue(json: unknown, maxDepth: number): Issue | undefined {
  let tooDeep: JsonNode | undefined;
  walkJson(json, (node) => {
    if (node.depth >= maxDepth) tooDeep = node;
    return tooDeep !== undefined;
  });
  if (tooDeep === undefined) return undefined;
  return {
    code: "TOO_DEEP",
    path: formatPath(jsonPathKeys(tooDeep)),
    expected: `at most ${maxDepth} levels of nesting`,
    actual: "deeper",
    message: `the document nests deeper than ${maxDepth} levels`,
  };
}
