import { distance } from "fastest-levenshtein";

/**
 * Edits from one name to another: Levenshtein's distance, except that two neighbouring letters
 * swapped — the commonest typo (`cuont`, `u23`) — count as one edit, not two.
 */
function edits(a: string, b: string): number {
  const found = distance(a, b);
  return found === 2 && swappedOnce(a, b) ? 1 : found;
}

function swappedOnce(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * How far a name may be from what was written and still be offered as what was meant: two edits,
 * or a third of the word for longer words, and never as many edits as the word has characters
 * (`x` is not a typo of `y`).
 */
function closeEnough(word: string, apart: number): boolean {
  return apart <= Math.max(2, Math.ceil(word.length / 3)) && apart < word.length;
}

/**
 * The known names that `word` is most likely a typo of — those at the smallest edit distance,
 * if it is small enough (case is ignored: `Count` means `count`) — at most `limit`, in the order
 * given. Empty when nothing is close.
 * @example meant("cuont", ["count", "score"]) // ["count"]
 */
export function meant(word: string, known: Iterable<string>, limit = 3): string[] {
  const lower = word.toLowerCase();
  let best = Number.POSITIVE_INFINITY;
  let found: string[] = [];
  for (const name of known) {
    if (name === word || found.includes(name)) continue;
    // A length gap alone is already that many edits: most names are passed over without a distance.
    if (Math.abs(name.length - word.length) > best || !closeEnough(word, Math.abs(name.length - word.length))) continue;
    const apart = edits(lower, name.toLowerCase());
    if (!closeEnough(word, apart) || apart > best) continue;
    if (apart < best) {
      best = apart;
      found = [];
    }
    found.push(name);
  }
  return found.slice(0, limit);
}

/** The `limit` known names nearest to `word` by edit distance, nearest first: what to list when none is close. */
export function nearest(word: string, known: Iterable<string>, limit = 5): string[] {
  const lower = word.toLowerCase();
  return [...new Set(known)]
    .map((name) => ({ name, apart: edits(lower, name.toLowerCase()) }))
    .sort((a, b) => a.apart - b.apart)
    .slice(0, limit)
    .map(({ name }) => name);
}

/** `did you mean "count"?`, `did you mean "a" or "b"?`; empty for no names. */
export function didYouMean(names: readonly string[]): string {
  if (names.length === 0) return "";
  const quoted = names.map((name) => `"${name}"`);
  const last = quoted.pop() as string;
  return `did you mean ${quoted.length === 0 ? last : `${quoted.join(", ")} or ${last}`}?`;
}

/** Known names listed when none is close: all of them up to this many, else the nearest this many. */
const listedAtMost = 5;

/** What to say of a name that is not known, and the close names it offers (an issue's `suggestions`). */
export interface Suggestion {
  readonly names: readonly string[];
  /** `did you mean "count"?`, else the known names nearest to the word, else empty. */
  readonly text: string;
}

/**
 * What to say after "no such name": `did you mean "count"?` when a known name is close, else the
 * known names nearest to it (`the nearest known tasks: add, fib, score (8 in all)`, or all of
 * them when there are few), else nothing. `noun` names the kind in the plural (`steps`, `tasks`).
 */
export function suggest(word: string, known: readonly string[], noun: string): Suggestion {
  const names = meant(word, known);
  if (names.length > 0) return { names, text: didYouMean(names) };
  if (known.length === 0) return { names, text: "" };
  if (known.length <= listedAtMost) return { names, text: `the known ${noun}: ${[...known].sort().join(", ")}` };
  const listed = nearest(word, known, listedAtMost);
  return { names, text: `the nearest known ${noun}: ${listed.join(", ")} (${known.length} in all)` };
}

/**
 * `meant` and `suggest` for a check that may meet many unknown names: only the first `count`
 * get an answer; the rest get none. Each answer costs a pass over the known names, so a file
 * with thousands of misspellings is still checked in time proportional to its size.
 */
export class SuggestionBudget {
  private left: number;

  constructor(count = 100) {
    this.left = count;
  }

  meant(word: string, known: Iterable<string>): string[] {
    if (this.left <= 0) return [];
    this.left -= 1;
    return meant(word, known);
  }

  suggest(word: string, known: readonly string[], noun: string): Suggestion {
    if (this.left <= 0) return { names: [], text: "" };
    this.left -= 1;
    return suggest(word, known, noun);
  }
}

/**
 * `task "x" is not registered`, and then what the registry has: the revision missing of a known
 * name, the closest names, the names nearest to it, or that there are none. Without the known
 * names (undefined), the first sentence alone.
 */
export function notRegistered(
  kind: "task" | "flow",
  reference: string,
  known: readonly string[] | undefined,
  budget?: SuggestionBudget,
): { readonly message: string; readonly suggestions?: readonly string[] } {
  const head = `${kind} "${reference}" is not registered`;
  if (known === undefined) return { message: head };
  const at = reference.lastIndexOf("@");
  const name = at === -1 ? reference : reference.slice(0, at);
  if (at !== -1 && known.includes(name))
    return { message: `${head}: "${name}" has no revision ${reference.slice(at + 1)}` };
  if (known.length === 0) return { message: `${head}; there are no ${kind}s registered` };
  const { names, text } =
    budget === undefined ? suggest(name, known, `${kind}s`) : budget.suggest(name, known, `${kind}s`);
  return { message: text === "" ? head : `${head}; ${text}`, ...(names.length === 0 ? {} : { suggestions: names }) };
}
