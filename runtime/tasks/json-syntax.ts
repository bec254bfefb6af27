import { printParseErrorCode, visit } from "jsonc-parser";

/** Where JSON text stops being JSON, and why, for a person: lines and columns count from 1. */
export interface JsonSyntaxProblem {
  readonly line: number;
  readonly column: number;
  /** `line 3, column 1: expected a property name in double quotes, found "}" …` */
  readonly message: string;
}

const expectations: Readonly<Record<string, string>> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected "," or the end of the list or object',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: "expected the end of the text after the JSON value",
  InvalidCommentToken: "JSON allows no comments",
  UnexpectedEndOfComment: "JSON allows no comments",
  UnexpectedEndOfString: "a string not closed on its line (a line break inside a string is written \\n)",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid \\u escape",
  InvalidEscapeCharacter: "invalid escape in a string",
  InvalidCharacter: "a control character inside a string (write a line break as \\n, a tab as \\t)",
};

/**
 * Parses JSON text with `JSON.parse`; when it is not JSON, says where, by line and column, and
 * what was expected there. The engine's own message gives an offset at best, and for some
 * mistakes quotes the whole text instead. The text is read again only to locate the problem.
 */
export function parseJsonText(text: string): { value: unknown } | { problem: JsonSyntaxProblem } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: locate(text, error instanceof Error ? error.message : String(error)) };
  }
}

function locate(text: string, engineMessage: string): JsonSyntaxProblem {
  let found: { code: string; offset: number; length: number } | undefined;
  visit(
    text,
    {
      onError: (error, offset, length) => {
        found ??= { code: printParseErrorCode(error), offset, length };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  // The locating parser is more lenient than JSON.parse in a few corners: then the engine's offset.
  const offset = found?.offset ?? Number(/at position (\d+)/.exec(engineMessage)?.[1] ?? 0);
  const { line, column } = lineAndColumn(text, offset);
  const what = found === undefined ? engineMessage : describe(text, found.code, found.offset, found.length);
  return { line, column, message: `line ${line}, column ${column}: ${what}` };
}

function describe(text: string, code: string, offset: number, length: number): string {
  const expected = expectations[code] ?? code;
  const token = text.slice(offset, offset + Math.max(1, Math.min(length, 20)));
  const at = offset >= text.length ? "found the end of the text" : `found ${quote(token)}`;
  const trailingComma = text.slice(0, offset).trimEnd().endsWith(",") && (token === "}" || token === "]");
  const hint = trailingComma
    ? " (JSON allows no comma before it)"
    : token.startsWith("'")
      ? " (JSON quotes strings with \", not ')"
      : "";
  return `${expected}, ${at}${hint}`;
}

/** The text found, quoted so that quotes and line breaks in it stay readable. */
function quote(token: string): string {
  const shown = JSON.stringify(token).slice(1, -1).replaceAll('\\"', '"');
  return shown.includes('"') ? `'${shown}'` : `"${shown}"`;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}
