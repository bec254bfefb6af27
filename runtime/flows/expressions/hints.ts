import { didYouMean, meant } from "../../errors/index.js";

/** Operators as other languages write them, and what CEL writes. */
const operators: Readonly<Record<string, string>> = {
  "=": 'did you mean "=="? A single = is not an operator in CEL',
  "===": "CEL compares with == and !=",
  "!==": "CEL compares with == and !=",
  "=>": 'did you mean ">="?',
  "=<": 'did you mean "<="?',
  "<>": 'did you mean "!="?',
  "&": 'did you mean "&&"?',
  "|": 'did you mean "||"?',
};

const wordOperators: Readonly<Record<string, string>> = { and: "&&", or: "||", not: "!" };
const nullNames = new Set(["nil", "none", "undefined"]);
const variables = ["input", "steps", "true", "false", "null"];

/**
 * A hint for the mistakes people make most in expressions, from the library's `reason` and the
 * range it points at: `=` for `==`, `and` for `&&`, a word left unquoted (`label == high` means
 * the string 'high'), a misspelt variable. Undefined when none applies.
 */
export function expressionHint(reason: string, text: string, start: number, end: number): string | undefined {
  if (reason === "unknown_variable") return unknownVariableHint(text, start, end);
  if (reason !== "unexpected_character" && reason !== "unexpected_token") return undefined;
  const operator = operators[operatorAt(text, start)];
  if (operator !== undefined) return operator;
  if (/^[‘’“”]/.test(text.slice(start))) return "CEL quotes strings with ' or \", not typographic quotes";
  // `not x` is reported at `x`: the word before counts too. Operators are short words.
  const before = /[A-Za-z]+$/.exec(text.slice(Math.max(0, start - 16), start).trimEnd())?.[0];
  const word = wordOperator(text.slice(start, end)) ?? wordOperator(before);
  if (word !== undefined) return word;
  const phrase = text.trim();
  if (/^[A-Za-z][\w ,!?'-]*$/.test(phrase) && /\s/.test(phrase) && !/\b(?:input|steps)\b/.test(phrase)) {
    return `to give the text itself, quote it: '${phrase.replaceAll("'", "\\'")}'`;
  }
  return undefined;
}

/** The run of operator characters the error points into (`===` is reported at its last `=`). */
function operatorAt(text: string, at: number): string {
  const isOperator = (char: string | undefined) => char !== undefined && "=!<>&|".includes(char);
  if (!isOperator(text[at])) return "";
  let from = at;
  let to = at + 1;
  while (isOperator(text[from - 1])) from -= 1;
  while (isOperator(text[to])) to += 1;
  return text.slice(from, to);
}

function wordOperator(word: string | undefined): string | undefined {
  const key = word?.toLowerCase();
  const operator = key === undefined || !Object.hasOwn(wordOperators, key) ? undefined : wordOperators[key];
  return operator === undefined ? undefined : `did you mean "${operator}"? CEL writes ${word} as ${operator}`;
}

function unknownVariableHint(text: string, start: number, end: number): string | undefined {
  const name = text.slice(start, end);
  const after = text.slice(end);
  if (/^\s*\.\s*(?:output|error)\b/.test(after)) return `did you mean "steps.${name}"? Steps are read as steps.<id>`;
  if (nullNames.has(name.toLowerCase())) return didYouMean(["null"]);
  const close = meant(name, variables);
  if (close.length > 0) return didYouMean(close);
  // A bare word is a variable in CEL; text is quoted. `high-priority` reads as `high - priority`.
  const word = /^[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/.exec(text.slice(start))?.[0] ?? name;
  return `did you mean the string '${word}'? Text inside an expression is quoted`;
}
