/** One `steps.<id>` read found in an expression, and the member read after it when there is one. */
export interface StepReference {
  readonly step: string;
  /** `output`, `error`, or whatever member follows the step, if any. */
  readonly member: string | undefined;
}

const identifierPart = /[A-Za-z0-9_]/;
// `steps` as a whole identifier, not a member of something else (`x.steps`), then `.id` and an optional `.member`.
const reference =
  /(?<![A-Za-z0-9_.])steps\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_])(?:\s*\.\s*([A-Za-z_][A-Za-z0-9_]*))?/g;

/**
 * The steps an expression reads, found without parsing it: a regular expression over the text
 * with string literals and comments blanked out first. Conservative in one direction only — it
 * may miss a read the regex cannot see (`steps["id"]`, a comprehension variable named `steps`
 * would be over-reported), which the type checker then catches; it never reads a quoted
 * `'steps.x'` as a reference.
 */
export function stepReferences(expression: string): StepReference[] {
  const code = blankLiterals(expression);
  const found: StepReference[] = [];
  for (const match of code.matchAll(reference)) {
    found.push({ step: match[1] as string, member: match[2] });
  }
  return found;
}

/**
 * Replaces CEL string and bytes literals ('…', "…", '''…''', """…""", with r/b prefixes) and
 * `//` comments with spaces, keeping every other character at its offset. An unterminated literal runs to the end; the parser
 * reports it.
 */
export function blankLiterals(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? text.length : end;
      out += " ".repeat(stop - i);
      i = stop;
      continue;
    }
    if (char !== "'" && char !== '"') {
      out += char;
      i += 1;
      continue;
    }
    const raw = isRawPrefix(text, i);
    const quote = text.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
    let j = i + quote.length;
    while (j < text.length && !text.startsWith(quote, j)) {
      if (!raw && text[j] === "\\") j += 1;
      // A single-quoted literal cannot span lines.
      if (quote.length === 1 && text[j] === "\n") break;
      j += 1;
    }
    const stop = Math.min(text.length, text.startsWith(quote, j) ? j + quote.length : j);
    out += " ".repeat(stop - i);
    i = stop;
  }
  return out;
}

/** True when the quote at `at` opens a raw literal: `r'…'`, `br'…'`, `rb'…'` (any case). */
function isRawPrefix(text: string, at: number): boolean {
  let k = at - 1;
  let raw = false;
  for (let taken = 0; taken < 2 && k >= 0 && /[rRbB]/.test(text[k] as string); taken++, k--) {
    if (/[rR]/.test(text[k] as string)) raw = true;
  }
  const before = k >= 0 ? (text[k] as string) : "";
  return raw && !identifierPart.test(before);
}
