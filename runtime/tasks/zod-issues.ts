import type { z } from "zod";
import { type Issue, type IssueCode, isIssueCode } from "../errors/index.js";

/** Renders a property path the way users read it: `limits.timeoutMs`, `input.items[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text === "" ? "(root)" : text;
}

/** Turns zod's issues into ours: one stable code each, the path, and what was expected. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): Issue[] {
  return issues.map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    const code = zodIssueCode(issue.code);
    if (issue.code === "invalid_union") {
      return { code, path, message: 'expected a type text such as "list<string>" or an object of field types' };
    }
    if (issue.code === "invalid_type") return { code, path, expected: issue.expected, message: issue.message };
    if (issue.code === "unrecognized_keys") {
      return { code, path, actual: issue.keys.join(", "), message: issue.message };
    }
    return { code, path, message: issue.message };
  });
}

/** zod's issue codes, upper-cased, are ours (`issueCodes.definition`); one zod adds later is `CUSTOM` until listed. */
function zodIssueCode(code: string): IssueCode {
  const upper = code.toUpperCase();
  return isIssueCode(upper) ? upper : "CUSTOM";
}
