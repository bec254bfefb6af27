import type { z } from "zod";
import { didYouMean, type Issue, type IssueCode, isIssueCode, meant } from "../errors/index.js";
import { schemaKeysAt } from "./schema-keys.js";

/** Renders a property path the way users read it: `limits.timeoutMs`, `input.items[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text === "" ? "(root)" : text;
}

/**
 * Turns zod's issues into ours: one stable code each, the path, and what was expected. Given the
 * schema, a key it does not have is answered with the closest key it does.
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], schema?: z.ZodType): Issue[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    const code = zodIssueCode(issue.code);
    if (issue.code === "invalid_union") {
      return { code, path, message: 'expected a type text such as "list<string>" or an object of field types' };
    }
    if (issue.code === "invalid_type") return { code, path, expected: issue.expected, message: issue.message };
    if (issue.code === "unrecognized_keys") return unknownKeys(issue, path, schema);
    return { code, path, message: issue.message };
  });
}

/** `Unrecognized key: "maxAttemps"; did you mean "maxAttempts"?` */
function unknownKeys(issue: z.core.$ZodIssueUnrecognizedKeys, path: string, schema: z.ZodType | undefined): Issue {
  const known = schema === undefined ? [] : schemaKeysAt(schema, issue.path);
  const hints = issue.keys.flatMap((key) => {
    const close = meant(key, known);
    return close.length === 0 ? [] : [{ key, close }];
  });
  const hint = hints
    .map(({ key, close }) => (issue.keys.length === 1 ? didYouMean(close) : `for "${key}", ${didYouMean(close)}`))
    .join("; ");
  const suggestions = hints.flatMap(({ close }) => close);
  return {
    code: "UNRECOGNIZED_KEYS",
    path,
    actual: issue.keys.join(", "),
    message: hint === "" ? issue.message : `${issue.message}; ${hint}`,
    ...(suggestions.length === 0 ? {} : { suggestions }),
  };
}

/** zod's issue codes, upper-cased, are ours (`issueCodes.definition`); one zod adds later is `CUSTOM` until listed. */
function zodIssueCode(code: string): IssueCode {
  const upper = code.toUpperCase();
  return isIssueCode(upper) ? upper : "CUSTOM";
}
