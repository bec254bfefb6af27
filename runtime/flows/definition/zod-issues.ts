import type { z } from "zod";
import { type Issue, type IssueCode, isIssueCode } from "../../errors/index.js";
import { formatPath, fromZodIssues } from "../../tasks/index.js";
import { flowDefinitionSchema } from "./flow-schema.js";

const branchArmShape =
  'a branch arm is {"if": "<condition>", "then": ["<step id>", …]} or a last {"else": ["<step id>", …]}';

/**
 * The task layer's zod mapping, with what flow files need on top: refinements carry their own
 * stable code, a bad branch arm says what an arm looks like, and a bad record key names the key.
 */
export function fromFlowZodIssues(issues: readonly z.core.$ZodIssue[]): Issue[] {
  const mapped: Issue[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path);
    if (issue.code === "custom") {
      const code = isIssueCode(issue.params?.code) ? issue.params.code : "CUSTOM";
      mapped.push({ code, path, message: issue.message });
    } else if (issue.code === "invalid_union" && isBranchArm(issue.path)) {
      mapped.push({ code: "INVALID_BRANCH_ARM", path, message: branchArmShape });
    } else if (issue.code === "invalid_key") {
      const inner = issue.issues.map((i) => i.message).join("; ");
      mapped.push({ code: innerKeyCode(issue), path, message: `key "${String(issue.path.at(-1))}": ${inner}` });
    } else if (issue.code === "unrecognized_keys") {
      // zod lists a JSON `__proto__` key here too; the shape check reports it as RESERVED_KEY.
      const keys = issue.keys.filter((key) => key !== "__proto__");
      if (keys.length > 0) mapped.push(...fromZodIssues([{ ...issue, keys }], flowDefinitionSchema));
    } else {
      mapped.push(...fromZodIssues([issue]));
    }
  }
  return mapped;
}

function innerKeyCode(issue: z.core.$ZodIssueInvalidKey): IssueCode {
  const custom = issue.issues.find((i) => i.code === "custom");
  if (custom !== undefined && isIssueCode(custom.params?.code)) return custom.params.code;
  return "INVALID_KEY";
}

function isBranchArm(path: readonly PropertyKey[]): boolean {
  return path.length >= 2 && path.at(-2) === "branch" && typeof path.at(-1) === "number";
}
