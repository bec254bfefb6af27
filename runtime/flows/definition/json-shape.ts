import type { Issue } from "../../errors/index.js";
import { formatPath } from "../../tasks/index.js";

interface Visit {
  readonly value: unknown;
  readonly depth: number;
  readonly key: PropertyKey | undefined;
  readonly parent: Visit | undefined;
}

/** At most this many `__proto__` keys are listed; one is enough to refuse the file. */
const maxReported = 20;

/**
 * Checks the raw JSON before the schema sees it, without recursion: nesting deeper than
 * `maxDepth` would overflow the recursive schema walk, and a `__proto__` key (an own property
 * when JSON.parse creates it) would be dropped silently or turn into a prototype when copied.
 * Returns the issues found; a too-deep document yields exactly one.
 */
export function checkJsonShape(json: unknown, maxDepth: number): Issue[] {
  const issues: Issue[] = [];
  const stack: Visit[] = [{ value: json, depth: 0, key: undefined, parent: undefined }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const { value, depth } = visit;
    if (typeof value !== "object" || value === null) continue;
    if (depth >= maxDepth) {
      return [
        {
          code: "TOO_DEEP",
          path: pathOf(visit),
          expected: `at most ${maxDepth} levels of nesting`,
          actual: "deeper",
          message: `the document nests deeper than ${maxDepth} levels`,
        },
      ];
    }
    const keys = Array.isArray(value) ? value.keys() : Object.keys(value);
    for (const key of keys) {
      if (key === "__proto__" && issues.length < maxReported) {
        issues.push({
          code: "RESERVED_KEY",
          path: pathOf({ value: undefined, depth: depth + 1, key, parent: visit }),
          actual: "__proto__",
          message: 'the key "__proto__" is not allowed anywhere in a flow file',
        });
      }
      const child = (value as Record<PropertyKey, unknown>)[key];
      if (typeof child === "object" && child !== null)
        stack.push({ value: child, depth: depth + 1, key, parent: visit });
    }
  }
  return issues;
}

function pathOf(visit: Visit): string {
  const keys: PropertyKey[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return formatPath(keys.reverse());
}
