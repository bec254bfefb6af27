import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  type CompiledExpression,
  compileExpression,
  ExpressionError,
  evaluate,
} from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

// The reference semantics: a CEL string is a sequence of Unicode code points (langdef "String and
// Bytes Values"), so sizes and indices count code points, never UTF-16 units, and strings order by
// code point. The string functions follow cel-go's strings extension (ext/strings.go) and the
// cel-spec conformance section string_ext:
// - indexOf(t, i) / lastIndexOf(t, i): a position outside 0..size is an error, as for substring
//   and charAt; an empty `t` is found at `i`; lastIndexOf considers matches starting at or before
//   `i`, and lastIndexOf(t) searches from size. (cel-go returns `i` unchecked when `t` is empty,
//   and from i == size on it fails in older versions and gives -1 in newer ones.)
// - substring(i) needs 0 <= i <= size, substring(i, j) needs 0 <= i <= j <= size;
// - charAt(i) needs 0 <= i <= size, and charAt(size) is '';
// - split(sep) is Go's strings.Split (an empty `sep` splits into code points, '' into []),
//   split(sep, n) is strings.SplitN (n == 0 gives [], n < 0 splits all, otherwise at most n parts);
// - lowerAscii/upperAscii change the ASCII letters only;
// - trim removes leading and trailing code points with the Unicode White_Space property
//   (conformance trim/unicode_no_trim: U+FEFF, U+180E and the zero-width spaces stay);
// - string(bytes) is an error for bytes that are not well-formed UTF-8, and keeps a BOM.
// A string with a lone surrogate is no Unicode string: the input may refuse it (CONDITION_ERROR);
// if it is accepted, each lone surrogate counts as one code point.

const scope = {
  input: parseValueType({ s: "string", t: "string", i: "s64", j: "s64", n: "s64", b: "bytes" }),
  steps: {},
};

interface Input {
  readonly s: string;
  readonly t: string;
  readonly i: bigint;
  readonly j: bigint;
  readonly n: bigint;
  readonly b: Uint8Array;
}

const intMin = -(2n ** 63n);
const intMax = 2n ** 63n - 1n;

// Letters that JavaScript's case mapping changes (İ, ı, ſ, K, ß, ﬀ), every White_Space code point
// and a few that are not White_Space, combining marks, the edges of the BMP and astral planes.
const alphabet = [
  "a",
  "b",
  "z",
  "A",
  "B",
  "Z",
  "@",
  "[",
  "`",
  "{",
  "0",
  "-",
  ",",
  "\u0000",
  " ",
  "\t",
  "\n",
  "\u000b",
  "\f",
  "\r",
  "\u0085",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u2005",
  "\u200a",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
  "\ufeff",
  "\u180e",
  "\u200b",
  "\u2060",
  "\u0301",
  "e\u0301",
  "\u00e9",
  "\u00a9",
  "\u03b1",
  "\u00c6",
  "\u00df",
  "\u0130",
  "\u0131",
  "\u017f",
  "\u212a",
  "\ufb00",
  "\uffff",
  "\u{10000}",
  "\u{1f600}",
  "\u{1f468}\u200d\u{1f469}\u200d\u{1f467}",
  "\u{10ffff}",
];
const loneSurrogates = ["\ud800", "\udbff", "\udc00", "\udfff"];

const unicodeText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 8 }),
);
const anyText = fc.oneof(
  { arbitrary: unicodeText, weight: 6 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...alphabet, ...loneSurrogates), maxLength: 6 }), weight: 1 },
);

const codePoints = (s: string): string[] => Array.from(s);

/** `t` is often a piece of `s`, so that searches find something. */
const textPair = fc
  .record({ s: anyText, other: anyText, piece: fc.boolean(), from: fc.nat(10), length: fc.nat(3) })
  .map(({ s, other, piece, from, length }) => ({
    s,
    t: piece
      ? codePoints(s)
          .slice(from, from + length)
          .join("")
      : other,
  }));
const index = fc.oneof(
  { arbitrary: fc.integer({ min: -2, max: 12 }).map(BigInt), weight: 8 },
  { arbitrary: fc.constantFrom(intMin, intMax, -(2n ** 32n), 2n ** 32n), weight: 1 },
);

const invalidUtf8 = [
  [0x80],
  [0xbf],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xc2],
  [0xe0, 0x80, 0x80],
  [0xe0, 0x9f, 0xbf],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf0, 0x80, 0x80, 0x80],
  [0xf0, 0x9f, 0x98],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xfe],
  [0xff],
];
const validUtf8Edges = [
  [0x00],
  [0x7f],
  [0xc2, 0x80],
  [0xdf, 0xbf],
  [0xe0, 0xa0, 0x80],
  [0xed, 0x9f, 0xbf],
  [0xee, 0x80, 0x80],
  [0xef, 0xbb, 0xbf],
  [0xef, 0xbf, 0xbf],
  [0xf0, 0x90, 0x80, 0x80],
  [0xf4, 0x8f, 0xbf, 0xbf],
];
const encoder = new TextEncoder();
const utf8Text = unicodeText.map((s) => Array.from(encoder.encode(s)));
const bytes = fc
  .oneof(
    fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }),
    utf8Text,
    fc
      .array(fc.oneof(utf8Text, fc.constantFrom(...validUtf8Edges), fc.constantFrom(...invalidUtf8)), { maxLength: 4 })
      .map((parts) => parts.flat()),
  )
  .map((values) => Uint8Array.from(values));

const input: fc.Arbitrary<Input> = fc
  .record({ pair: textPair, i: index, j: index, n: index, b: bytes })
  .map(({ pair, ...rest }) => ({ ...pair, ...rest }));

/** The reference refuses: CEL gives an error. */
class Failure {}
/** CEL leaves the case open (a lone surrogate has no UTF-8 form): any outcome is accepted. */
class Unspecified {}

function position(i: bigint, size: number): number {
  if (i < 0n || i > BigInt(size)) throw new Failure();
  return Number(i);
}

function matchesAt(haystack: readonly string[], needle: readonly string[], at: number): boolean {
  return needle.every((c, k) => haystack[at + k] === c);
}

function indexOf(s: string, t: string, from: bigint): bigint {
  const hay = codePoints(s);
  const needle = codePoints(t);
  for (let k = position(from, hay.length); k + needle.length <= hay.length; k += 1) {
    if (matchesAt(hay, needle, k)) return BigInt(k);
  }
  return -1n;
}

function lastIndexOf(s: string, t: string, from: bigint): bigint {
  const hay = codePoints(s);
  const needle = codePoints(t);
  for (let k = Math.min(position(from, hay.length), hay.length - needle.length); k >= 0; k -= 1) {
    if (matchesAt(hay, needle, k)) return BigInt(k);
  }
  return -1n;
}

function split(s: string, sep: string, limit: bigint): string[] {
  const hay = codePoints(s);
  const needle = codePoints(sep);
  if (limit === 0n) return [];
  const max = limit < 0n ? Number.POSITIVE_INFINITY : Number(limit);
  if (needle.length === 0) {
    // Go's explode: one part per code point, the last part taking the rest.
    const parts = hay.slice(0, Math.min(hay.length, max));
    if (hay.length > max) parts[max - 1] = hay.slice(max - 1).join("");
    return parts;
  }
  const parts: string[] = [];
  let start = 0;
  let k = 0;
  while (parts.length < max - 1 && k + needle.length <= hay.length) {
    if (matchesAt(hay, needle, k)) {
      parts.push(hay.slice(start, k).join(""));
      k += needle.length;
      start = k;
    } else {
      k += 1;
    }
  }
  parts.push(hay.slice(start).join(""));
  return parts;
}

const whiteSpace = new Set(
  [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000].concat(
    Array.from({ length: 11 }, (_, k) => 0x2000 + k),
  ),
);
const isWhiteSpace = (c: string) => whiteSpace.has(c.codePointAt(0) as number);

function trim(s: string): string {
  const cps = codePoints(s);
  let start = 0;
  let end = cps.length;
  while (start < end && isWhiteSpace(cps[start] as string)) start += 1;
  while (end > start && isWhiteSpace(cps[end - 1] as string)) end -= 1;
  return cps.slice(start, end).join("");
}

function mapAscii(s: string, from: string, offset: number): string {
  return codePoints(s)
    .map((c) => {
      const code = c.codePointAt(0) as number;
      const lo = from.codePointAt(0) as number;
      return code >= lo && code < lo + 26 ? String.fromCodePoint(code + offset) : c;
    })
    .join("");
}

function compareCodePoints(a: string, b: string): number {
  const x = codePoints(a).map((c) => c.codePointAt(0) as number);
  const y = codePoints(b).map((c) => c.codePointAt(0) as number);
  for (let k = 0; k < Math.min(x.length, y.length); k += 1) {
    if (x[k] !== y[k]) return (x[k] as number) - (y[k] as number);
  }
  return x.length - y.length;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
function decodeUtf8(b: Uint8Array): string {
  try {
    return strictUtf8.decode(b);
  } catch {
    throw new Failure();
  }
}

const hasLoneSurrogate = (s: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

function outcome(run: () => unknown): unknown {
  try {
    const result = run();
    if (typeof result === "number" && Number.isInteger(result)) return BigInt(result);
    // Bytes are compared by content (a Buffer and a Uint8Array with the same bytes agree).
    return result instanceof Uint8Array ? { bytes: Array.from(result) } : result;
  } catch (error) {
    if (error instanceof Failure) return "error";
    if (error instanceof ExpressionError && error.code === "CONDITION_ERROR") return "error";
    throw error;
  }
}

const compiled = new Map<string, CompiledExpression>();
function compile(source: string): CompiledExpression {
  let found = compiled.get(source);
  if (found === undefined) {
    found = compileExpression(source, scope);
    compiled.set(source, found);
  }
  return found;
}

/**
 * Evaluates `source` on `value` and checks it against `reference`. A string input with a lone
 * surrogate may also be refused as a whole.
 */
function agrees(source: string, value: Input, reference: (value: Input) => unknown): void {
  let expected: unknown;
  try {
    expected = outcome(() => reference(value));
  } catch (error) {
    if (error instanceof Unspecified) return;
    throw error;
  }
  const actual = outcome(() => evaluate(compile(source), { input: value }));
  if (actual === "error" && (hasLoneSurrogate(value.s) || hasLoneSurrogate(value.t))) return;
  expect(actual, source).toEqual(expected);
}

/** One test: `source` agrees with `reference` on generated inputs. */
function check(source: string, reference: (value: Input) => unknown, numRuns = 400): void {
  test(source, () => {
    fc.assert(
      fc.property(input, (value) => agrees(source, value, reference)),
      { numRuns },
    );
  });
}

describe("size counts code points", () => {
  check("size(input.s)", ({ s }) => BigInt(codePoints(s).length));
  check("input.s.size()", ({ s }) => BigInt(codePoints(s).length));
});

describe("indexOf finds code-point positions; a position outside 0..size is an error", () => {
  check("input.s.indexOf(input.t)", ({ s, t }) => indexOf(s, t, 0n));
  check("input.s.indexOf(input.t, input.i)", ({ s, t, i }) => indexOf(s, t, i));
});

describe("lastIndexOf finds code-point positions; a position outside 0..size is an error", () => {
  check("input.s.lastIndexOf(input.t)", ({ s, t }) => lastIndexOf(s, t, BigInt(codePoints(s).length)));
  check("input.s.lastIndexOf(input.t, input.i)", ({ s, t, i }) => lastIndexOf(s, t, i));
});

describe("substring cuts at code points and refuses ranges outside 0 <= i <= j <= size", () => {
  check("input.s.substring(input.i)", ({ s, i }) => {
    const cps = codePoints(s);
    return cps.slice(position(i, cps.length)).join("");
  });
  check("input.s.substring(input.i, input.j)", ({ s, i, j }) => {
    const cps = codePoints(s);
    const start = position(i, cps.length);
    const end = position(j, cps.length);
    if (start > end) throw new Failure();
    return cps.slice(start, end).join("");
  });
});

describe("charAt is one code point, '' at size, an error outside 0..size", () => {
  check("input.s.charAt(input.i)", ({ s, i }) => {
    const cps = codePoints(s);
    return cps[position(i, cps.length)] ?? "";
  });
});

describe("split follows Go's strings.Split and strings.SplitN over code points", () => {
  check("input.s.split(input.t)", ({ s, t }) => split(s, t, -1n));
  check("input.s.split(input.t, input.n)", ({ s, t, n }) => split(s, t, n));
});

describe("lowerAscii and upperAscii change the ASCII letters only", () => {
  check("input.s.lowerAscii()", ({ s }) => mapAscii(s, "A", 32));
  check("input.s.upperAscii()", ({ s }) => mapAscii(s, "a", -32));
});

describe("trim removes Unicode White_Space only, not U+FEFF or zero-width spaces", () => {
  check("input.s.trim()", ({ s }) => trim(s));
});

describe("contains, startsWith and endsWith match whole code points", () => {
  check("input.s.contains(input.t)", ({ s, t }) => indexOf(s, t, 0n) >= 0n);
  check("input.s.startsWith(input.t)", ({ s, t }) => {
    const [hay, needle] = [codePoints(s), codePoints(t)];
    return needle.length <= hay.length && matchesAt(hay, needle, 0);
  });
  check("input.s.endsWith(input.t)", ({ s, t }) => {
    const [hay, needle] = [codePoints(s), codePoints(t)];
    return needle.length <= hay.length && matchesAt(hay, needle, hay.length - needle.length);
  });
});

describe("strings order by code point", () => {
  test(`"\\uffff" < "\\U00010000"`, () => {
    expect(evaluate(compile(`"\\uffff" < "\\U00010000"`), { input: {} })).toBe(true);
  });
  check("input.s < input.t", ({ s, t }) => compareCodePoints(s, t) < 0);
  check("input.s <= input.t", ({ s, t }) => compareCodePoints(s, t) <= 0);
  check("input.s > input.t", ({ s, t }) => compareCodePoints(s, t) > 0);
  check("input.s >= input.t", ({ s, t }) => compareCodePoints(s, t) >= 0);
  check("input.s == input.t", ({ s, t }) => compareCodePoints(s, t) === 0);
});

describe("+ concatenates", () => {
  check("input.s + input.t", ({ s, t }) => s + t);
});

describe("string(bytes) refuses malformed UTF-8 and decodes well-formed UTF-8 exactly", () => {
  check("string(input.b)", ({ b }) => decodeUtf8(b), 1000);
  check("bytes(input.s)", ({ s }) => {
    if (hasLoneSurrogate(s)) throw new Unspecified();
    return encoder.encode(s);
  });
  check("bytes(string(input.b)) == input.b", ({ b }) => {
    decodeUtf8(b);
    return true;
  });
  check("string(bytes(input.s)) == input.s", ({ s }) => {
    if (hasLoneSurrogate(s)) throw new Unspecified();
    return true;
  });
});
