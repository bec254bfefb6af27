/**
 * Caps checked before and after parsing, so that a hostile or careless expression fails with
 * `EXPRESSION_SYNTAX` instead of exhausting the stack: the parser, checker and evaluator of the
 * library recurse, and it counts only bracket and member nesting itself, not runs of unary
 * operators or long operator chains. The library has no evaluation budget, so the comprehension
 * caps are what keeps the cost of an accepted expression polynomial in the size of its input,
 * with a degree of at most `maxComprehensionNesting + 1`.
 */
export const expressionLimits = {
  /** Characters in one expression. */
  maxLength: 4096,
  /** Open `(`, `[` and `{` at any point. */
  maxNesting: 32,
  /** Consecutive unary `-` / `!` operators. */
  maxUnaryRun: 16,
  /** Depth of the parsed tree (an operator chain `a + b + c` is as deep as it is long). */
  maxTreeDepth: 128,
  /** Macros that iterate or bind (`map`, `filter`, `all`, `exists`, `exists_one`, `cel.bind`) inside the body of another. */
  maxComprehensionNesting: 2,
  /** Macros that iterate or bind in one expression. */
  maxComprehensions: 8,
} as const;

/** Why the text was refused before parsing, or undefined when it is within the caps. */
export interface PrescanProblem {
  readonly reason: "too_long" | "too_deep";
  readonly position: number;
  readonly message: string;
}

/**
 * Scans the text once, skipping string literals and comments, for the caps the parser does not
 * enforce. It only counts: the parser remains the judge of what is well-formed.
 */
export function prescan(text: string): PrescanProblem | undefined {
  const { maxLength, maxNesting, maxUnaryRun } = expressionLimits;
  if (text.length > maxLength) {
    return {
      reason: "too_long",
      position: maxLength,
      message: `is ${text.length} characters, over the limit of ${maxLength}`,
    };
  }
  let depth = 0;
  let unary = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"' || c === "'") {
      i = skipString(text, i);
      unary = 0;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i += 1;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") {
      depth += 1;
      if (depth > maxNesting) {
        return { reason: "too_deep", position: i, message: `nests brackets deeper than ${maxNesting} levels` };
      }
    } else if (c === ")" || c === "]" || c === "}") {
      depth = Math.max(0, depth - 1);
    }
    if (c === "-" || c === "!") {
      unary += 1;
      if (unary > maxUnaryRun) {
        return { reason: "too_deep", position: i, message: `has more than ${maxUnaryRun} unary operators in a row` };
      }
    } else if (!/\s/.test(c) && !(c === "=" && text[i - 1] === "!")) {
      unary = 0;
    }
    i += 1;
  }
  return undefined;
}

// Returns the index just past the literal that starts at `start` (a quote, possibly tripled).
// A raw prefix (`r"..."`, `br'...'`) turns off backslash escapes, as in CEL.
function skipString(text: string, start: number): number {
  const quote = text[start] as string;
  const raw = isRawPrefix(text, start);
  const triple = text.startsWith(quote.repeat(3), start);
  const closing = triple ? quote.repeat(3) : quote;
  let i = start + closing.length;
  while (i < text.length) {
    if (!raw && text[i] === "\\") {
      i += 2;
      continue;
    }
    if (text.startsWith(closing, i)) return i + closing.length;
    if (!triple && text[i] === "\n") return i;
    i += 1;
  }
  return i;
}

function isRawPrefix(text: string, quoteAt: number): boolean {
  let i = quoteAt - 1;
  let raw = false;
  // A string prefix is at most two letters (`r`, `b`, `rb`, `br`, any case) not glued to an identifier.
  for (let n = 0; n < 2 && i >= 0 && /[rRbB]/.test(text[i] as string); n += 1, i -= 1) {
    if (text[i] === "r" || text[i] === "R") raw = true;
  }
  return raw && (i < 0 || !/[A-Za-z0-9_]/.test(text[i] as string));
}
