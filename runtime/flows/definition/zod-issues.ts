import type { z } from "zod";
import { type Issue, type IssueCode, isIssueCode } from "../../errors/index.js";
import { formatPath, fromZodIssues } from "../../tasks/index.js";
import { flowDefinitionSchema } from "./flow-schema.js";

const branchArmShape =
  'a branch arm is {"if": "<condition>", "then": ["<step id>", …]} or a last {"else": ["<step id>", …]}';
const stepInputShape =
  "a step's input is an object of field → expression or literal (for a record input), one expression (a JSON string) for the whole input, or a literal number, boolean, array or null";

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
    } else if (issue.code === "invalid_union" && isStepInput(issue.path)) {
      mapped.push(...stepInputIssues(issue, path));
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

/**
 * A step input's forms are told apart by JSON kind, so the one form of the value's kind says what
 * is wrong with it (a bad field name, an empty expression) as if it were the only one; a value of
 * no form's kind (a missing input) is told what the forms are.
 */
function stepInputIssues(issue: z.core.$ZodIssueInvalidUnion, path: string): Issue[] {
  const ofItsKind = issue.errors.filter((errors) => !errors.every(isKindMismatch));
  const [form] = ofItsKind;
  if (ofItsKind.length !== 1 || form === undefined) {
    return [
      {
        code: "INVALID_TYPE",
        path,
        expected: "object, string, number, boolean, array or null",
        message: stepInputShape,
      },
    ];
  }
  return fromFlowZodIssues(form.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
}

/** An issue saying only that the value is not of the form's JSON kind. */
function isKindMismatch(issue: z.core.$ZodIssue): boolean {
  return issue.path.length === 0 && (issue.code === "invalid_type" || issue.code === "invalid_union");
}

function isStepInput(path: readonly PropertyKey[]): boolean {
  return path.length === 3 && path[0] === "steps" && typeof path[1] === "number" && path[2] === "input";
}

function isBranchArm(path: readonly PropertyKey[]): boolean {
  return path.length >= 2 && path.at(-2) === "branch" && typeof path.at(-1) === "number";
}
