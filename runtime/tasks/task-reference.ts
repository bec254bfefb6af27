import { UsageError } from "../errors/index.js";
import { taskNamePattern } from "./definition-schema.js";

/** `name` (the latest revision) or `name@N` (revision N). */
export interface TaskReference {
  readonly name: string;
  readonly revision?: number;
}

export function parseTaskReference(text: string): TaskReference {
  const at = text.lastIndexOf("@");
  const name = at === -1 ? text : text.slice(0, at);
  if (!taskNamePattern.test(name)) {
    throw new UsageError(`"${text}" is not a task reference: expected name or name@revision, e.g. word-count@2`);
  }
  if (at === -1) return { name };
  const revisionText = text.slice(at + 1);
  if (!/^[1-9][0-9]{0,8}$/.test(revisionText)) {
    throw new UsageError(`"${text}": the revision after "@" must be a positive integer`);
  }
  return { name, revision: Number(revisionText) };
}
