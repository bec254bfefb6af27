import type { Issue } from "../../errors/index.js";
import { stepIdPattern } from "./flow-schema.js";
import { flowLimits, reservedStepIds } from "./limits.js";

const byPosition = /^steps\[(\d+)\](?=$|[.[])/;

/**
 * Addresses the issues inside a step by the step's id, as the user wrote it and searches for it
 * (`steps.score.input.words`), rather than by its position in the list (`steps[1].input.words`),
 * which moves when steps are added or reordered. The position stays in `at`. A step whose id is
 * not a valid id, or is used twice, keeps its position as its address. The checks themselves
 * locate problems by position, which is never ambiguous; this is how they are shown.
 */
export function addressStepsById(issues: readonly Issue[], steps: unknown): Issue[] {
  const ids = uniqueIds(steps);
  const address = (issue: Issue): Issue => {
    const folded = issue.folded?.map(address);
    const withFolded = folded === undefined ? issue : { ...issue, folded };
    const match = byPosition.exec(issue.path);
    const id = match === null ? undefined : ids.get(Number(match[1]));
    if (match === null || id === undefined) return withFolded;
    return { ...withFolded, path: `steps.${id}${issue.path.slice(match[0].length)}`, at: issue.at ?? issue.path };
  };
  return issues.map(address);
}

/** Position → id, for the steps whose id is valid and used once. */
function uniqueIds(steps: unknown): Map<number, string> {
  const ids = new Map<number, string>();
  if (!Array.isArray(steps)) return ids;
  const seen = new Map<string, number>();
  steps.forEach((step: unknown, index) => {
    const id = typeof step === "object" && step !== null ? (step as { id?: unknown }).id : undefined;
    if (typeof id !== "string" || id.length > flowLimits.maxStepIdLength) return;
    if (!stepIdPattern.test(id) || reservedStepIds.has(id)) return;
    seen.set(id, (seen.get(id) ?? 0) + 1);
    ids.set(index, id);
  });
  for (const [index, id] of ids) if (seen.get(id) !== 1) ids.delete(index);
  return ids;
}
