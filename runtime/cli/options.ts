import { UsageError } from "../index.js";

/** An integer option (`--timeout 500`), refused with a usage error unless it is one. */
export function integer(flag: string, text: string): number {
  if (!/^-?\d{1,15}$/.test(text)) throw new UsageError(`${flag} must be an integer, got "${text}"`);
  return Number(text);
}
