import { toJsonValue } from "./persisted-values.js";

/** How much of a run's input lists show. */
export const inputPreviewLength = 120;

/**
 * A run's input as lists show it: its JSON (64-bit integers as text, bytes as base64, as every
 * answer maps them), cut to `inputPreviewLength` characters on a character boundary, with `…`
 * where it was cut.
 */
export function inputPreviewOf(input: unknown): string {
  const text = JSON.stringify(toJsonValue(input)) ?? "null";
  if (text.length <= inputPreviewLength) return text;
  // By code points, so the cut never splits a surrogate pair; the loop stops at the cut, so a
  // large input costs its JSON text, not an array of its characters.
  let cut = "";
  let count = 0;
  for (const character of text) {
    if (count === inputPreviewLength - 1) break;
    cut += character;
    count += 1;
  }
  return `${cut}…`;
}
