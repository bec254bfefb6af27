import type { Issue } from "../../errors/index.js";
import { formatPath, jsonDepthIssue, jsonPathKeys, walkJson } from "../../tasks/index.js";

/** At most this many `__proto__` keys are listed; one is enough to refuse the file. */
const maxReported = 20;

/**
 * Checks the raw JSON before the schema sees it, without recursion: nesting deeper than
 * `maxDepth` would overflow the recursive schema walk, and a `__proto__` key (an own property
 * when JSON.parse creates it) would be dropped silently or turn into a prototype when copied.
 * Returns the issues found; a too-deep document yields exactly one.
 */
export function checkJsonShape(json: unknown, maxDepth: number): Issue[] {
  const tooDeep = jsonDepthIssue(json, maxDepth);
  if (tooDeep !== undefined) return [tooDeep];
  const issues: Issue[] = [];
  walkJson(json, (node) => {
    if (!Array.isArray(node.value) && Object.hasOwn(node.value, "__proto__")) {
      issues.push({
        code: "RESERVED_KEY",
        path: formatPath([...jsonPathKeys(node), "__proto__"]),
        actual: "__proto__",
        message: 'the key "__proto__" is not allowed anywhere in a flow file',
      });
    }
    return issues.length >= maxReported;
  });
  return issues;
}
