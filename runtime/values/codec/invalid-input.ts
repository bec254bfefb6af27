import { formatIssues, type Issue, TaskRunError } from "../../errors/index.js";

/** What a value with problems is reported as: every issue found, and whether the walk stopped at the cap. */
export interface InvalidValue {
  readonly issues: readonly Issue[];
  /** More problems were there than `maxIssues`; only the first are listed. */
  readonly truncated: boolean;
}

/** The message of an input that does not match its type: a heading, then every problem on its own line. */
export function invalidInputMessage(invalid: InvalidValue): string {
  const count = invalid.issues.length;
  const more = invalid.truncated ? "+" : "";
  const heading = `input does not match the declared type: ${count}${more} ${count === 1 ? "problem" : "problems"}`;
  return formatIssues(heading, invalid.issues) + (invalid.truncated ? "\n  - … (more problems not shown)" : "");
}

/** The INPUT_INVALID error a task call (or a flow run) fails with: the issues in the message and in `issues`. */
export function invalidInputError(invalid: InvalidValue): TaskRunError {
  return new TaskRunError(
    "INPUT_INVALID",
    invalidInputMessage(invalid),
    { truncated: invalid.truncated },
    undefined,
    invalid.issues,
  );
}
