import fc from "fast-check";
import { expect, test } from "vitest";
import {
  type CompiledExpression,
  compileExpression,
  ExpressionError,
  evaluate,
} from "../../../runtime/flows/expressions/index.js";
import { parseValueType } from "../../../runtime/values/index.js";

// The reference semantics, taken from cel-spec (langdef "Overflow", the conformance suite's
// integer_math and conversions sections) and cel-go's common/types/overflow.go:
// - every int operation is checked against [-2^63, 2^63 - 1]: unary minus, + - * / %; `/` and `%`
//   by zero are errors, and so are -2^63 / -1 and -2^63 % -1 (cel-go reports both as overflow);
// - every uint operation is checked against [0, 2^64 - 1]; `/` and `%` by zero are errors;
// - int(double) refuses NaN, ±Inf and any double <= -2^63 or >= 2^63 (conformance
//   double_int_min_range: -9223372036854775808.0 is refused), otherwise truncates toward zero;
// - uint(double) refuses NaN, ±Inf, any double < 0 (before truncation: uint(-0.5) is an error,
//   uint(-0.0) is 0) and any double >= 2^64, otherwise truncates toward zero;
// - int(string) accepts exactly what strconv.ParseInt(s, 10, 64) accepts: an optional sign, then
//   decimal digits (leading zeros allowed, no spaces, no prefixes); uint(string) the same without
//   any sign (strconv.ParseUint); out-of-range values are errors;
// - int(uint) and uint(int) are errors outside the target range;
// - ordering and equality between int and uint are exact; between an integer and a double, the
//   integer is first converted to the nearest double, as the conformance data of
//   @bufbuild/cel-spec 0.6.1 expects (not_lt_dyn_int_big_lossy_double:
//   `dyn(9223372036854775807) < 9223372036854775808.0` is false, as are three more cases near
//   2^63). Ordering against NaN is left unspecified by the conformance data and is not checked;
//   NaN equals nothing.
// Any error anywhere makes the whole evaluation a CONDITION_ERROR, never a value.

const intMin = -(2n ** 63n);
const intMax = 2n ** 63n - 1n;
const uintMax = 2n ** 64n - 1n;

const scope = {
  input: parseValueType({
    a: "s64",
    b: "s64",
    c: "s64",
    x: "u64",
    y: "u64",
    z: "u64",
    d: "f64",
    e: "f64",
    s: "string",
    t: "string",
    ints: "list<s64>",
    uints: "list<u64>",
    doubles: "list<f64>",
  }),
  steps: {},
};

type IntName = "a" | "b" | "c";
type UintName = "x" | "y" | "z";
type DoubleName = "d" | "e";
type TextName = "s" | "t";
type Kind = "int" | "uint";
type Op = "+" | "-" | "*" | "/" | "%";

interface Vars {
  readonly a: bigint;
  readonly b: bigint;
  readonly c: bigint;
  readonly x: bigint;
  readonly y: bigint;
  readonly z: bigint;
  readonly d: number;
  readonly e: number;
  readonly s: string;
  readonly t: string;
  readonly ints: readonly bigint[];
  readonly uints: readonly bigint[];
  readonly doubles: readonly number[];
}

type Tree =
  | { readonly node: "lit"; readonly kind: Kind; readonly value: bigint }
  | { readonly node: "var"; readonly kind: Kind; readonly name: IntName | UintName }
  | { readonly node: "neg"; readonly kind: "int"; readonly operand: Tree }
  | { readonly node: "bin"; readonly kind: Kind; readonly op: Op; readonly left: Tree; readonly right: Tree }
  /** `int(<uint tree>)` or `uint(<int tree>)`. */
  | { readonly node: "convert"; readonly kind: Kind; readonly from: Tree }
  /** `int(input.d)` / `uint(input.d)`. */
  | { readonly node: "truncate"; readonly kind: Kind; readonly name: DoubleName }
  /** `int(input.s)` / `uint(input.s)`. */
  | { readonly node: "parse"; readonly kind: Kind; readonly name: TextName };

const ops = fc.constantFrom<Op>("+", "-", "*", "/", "%");
const doubleNames = fc.constantFrom<DoubleName>("d", "e");
const textNames = fc.constantFrom<TextName>("s", "t");

/** Int and uint expression trees; with `conversions`, they also convert between kinds and from doubles and strings. */
function trees(conversions: boolean) {
  return fc.letrec<{ int: Tree; uint: Tree }>((tie) => {
    const depth = { depthSize: "small", withCrossShrink: true, depthIdentifier: "tree" } as const;
    const int: fc.Arbitrary<Tree>[] = [
      fc.bigInt(0n, 2n ** 40n).map((value): Tree => ({ node: "lit", kind: "int", value })),
      fc.constantFrom<IntName>("a", "b", "c").map((name): Tree => ({ node: "var", kind: "int", name })),
      tie("int").map((operand): Tree => ({ node: "neg", kind: "int", operand })),
      fc
        .tuple(ops, tie("int"), tie("int"))
        .map(([op, left, right]): Tree => ({ node: "bin", kind: "int", op, left, right })),
    ];
    const uint: fc.Arbitrary<Tree>[] = [
      fc.bigInt(0n, 2n ** 40n).map((value): Tree => ({ node: "lit", kind: "uint", value })),
      fc.constantFrom<UintName>("x", "y", "z").map((name): Tree => ({ node: "var", kind: "uint", name })),
      fc
        .tuple(ops, tie("uint"), tie("uint"))
        .map(([op, left, right]): Tree => ({ node: "bin", kind: "uint", op, left, right })),
    ];
    if (conversions) {
      int.push(
        doubleNames.map((name): Tree => ({ node: "truncate", kind: "int", name })),
        textNames.map((name): Tree => ({ node: "parse", kind: "int", name })),
        tie("uint").map((from): Tree => ({ node: "convert", kind: "int", from })),
      );
      uint.push(
        doubleNames.map((name): Tree => ({ node: "truncate", kind: "uint", name })),
        textNames.map((name): Tree => ({ node: "parse", kind: "uint", name })),
        tie("int").map((from): Tree => ({ node: "convert", kind: "uint", from })),
      );
    }
    return { int: fc.oneof(depth, ...int), uint: fc.oneof(depth, ...uint) };
  });
}
const pure = trees(false);
const mixed = trees(true);

// Values that sit on the edges of the three ranges, shared so that comparisons and `in` often
// meet equal values of different kinds.
const edges: readonly bigint[] = [
  0n,
  1n,
  -1n,
  2n ** 53n,
  2n ** 53n + 1n,
  -(2n ** 53n) - 1n,
  2n ** 63n - 1024n,
  intMax - 1n,
  intMax,
  intMax + 1n,
  intMin,
  intMin + 1n,
  intMin - 1n,
  uintMax - 2048n,
  uintMax,
  uintMax + 1n,
];
const inRange = (lo: bigint, hi: bigint) => edges.filter((v) => v >= lo && v <= hi);

// The operands that break two's-complement arithmetic (-2^63 with -1, the extremes) come up often.
const intValue = fc.oneof(
  fc.bigInt(intMin, intMax),
  fc.bigInt(-1000n, 1000n),
  fc.constantFrom(...inRange(intMin, intMax)),
  fc.constantFrom(intMin, -1n, intMax),
);
const uintValue = fc.oneof(
  fc.bigInt(0n, uintMax),
  fc.bigInt(0n, 1000n),
  fc.constantFrom(...inRange(0n, uintMax)),
  fc.constantFrom(0n, 1n, uintMax),
);
const doubleValue = fc.oneof(
  fc.double(),
  fc.double({ min: -1e4, max: 1e4 }),
  fc.bigInt(-(2n ** 66n), 2n ** 66n).map(Number),
  fc.constantFrom(...edges.map(Number)),
  fc.constantFrom(-0.5, 0.5, -0, -0.999_999, 0.999_999, 2 ** 53 + 2, Number.NaN, Number.POSITIVE_INFINITY, -Infinity),
);
const decimalDigits = fc
  .oneof(fc.bigInt(0n, 2n ** 65n), fc.bigInt(0n, 1000n), fc.constantFrom(...inRange(0n, uintMax + 1n)))
  .map(String);
const numericText = fc.oneof(
  fc
    .tuple(fc.constantFrom("", "", "-", "+"), fc.constantFrom("", "", "0", "00", "0".repeat(25)), decimalDigits)
    .map(([sign, zeros, digits]) => sign + zeros + digits),
  fc.constantFrom(
    "",
    "-",
    "+",
    "-0",
    "+0",
    "--1",
    "+-1",
    " 1",
    "1 ",
    "\t1",
    "1\n",
    "0x10",
    "0X10",
    "0b11",
    "0o7",
    "1e3",
    "1.0",
    "1_000",
    "\u0663",
    "\uff11",
    "\u22121",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
  ),
);
const vars: fc.Arbitrary<Vars> = fc.record({
  a: intValue,
  b: intValue,
  c: intValue,
  x: uintValue,
  y: uintValue,
  z: uintValue,
  d: doubleValue,
  e: doubleValue,
  s: numericText,
  t: numericText,
  ints: fc.array(intValue, { maxLength: 4 }),
  uints: fc.array(uintValue, { maxLength: 4 }),
  doubles: fc.array(doubleValue, { maxLength: 4 }),
});

// Doubles made from the integers of the same input: a double that rounds a nearby integer, so
// that exact and rounded comparisons disagree often.
const nearVars: fc.Arbitrary<Vars> = fc
  .tuple(vars, fc.constantFrom<IntName | UintName>("a", "b", "x", "y"), fc.constantFrom<IntName | UintName>("c", "z"))
  .map(([input, p, q]) => ({
    ...input,
    d: Number(input[p]),
    e: Number(input[q]),
    doubles: [...input.ints, ...input.uints].map(Number),
  }));
const numericVars = fc.oneof(vars, nearVars);

function text(node: Tree): string {
  switch (node.node) {
    case "lit":
      return node.kind === "int" ? String(node.value) : `${node.value}u`;
    case "var":
      return `input.${node.name}`;
    case "neg":
      return `-(${text(node.operand)})`;
    case "bin":
      return `(${text(node.left)} ${node.op} ${text(node.right)})`;
    case "convert":
      return `${node.kind}(${text(node.from)})`;
    case "truncate":
    case "parse":
      return `${node.kind}(input.${node.name})`;
  }
}

/** The reference evaluation failed: CEL gives an error, never a value. */
class Failure {}

function checked(kind: Kind, value: bigint): bigint {
  const [lo, hi] = kind === "int" ? [intMin, intMax] : [0n, uintMax];
  if (value < lo || value > hi) throw new Failure();
  return value;
}

function truncate(kind: Kind, value: number): bigint {
  const fits =
    kind === "int"
      ? Number.isFinite(value) && value > -(2 ** 63) && value < 2 ** 63
      : Number.isFinite(value) && value >= 0 && value < 2 ** 64;
  if (!fits) throw new Failure();
  return BigInt(Math.trunc(value));
}

function parse(kind: Kind, value: string): bigint {
  const syntax = kind === "int" ? /^[+-]?[0-9]+$/ : /^[0-9]+$/;
  if (!syntax.test(value)) throw new Failure();
  return checked(kind, BigInt(value));
}

function arithmetic(kind: Kind, op: Op, l: bigint, r: bigint): bigint {
  switch (op) {
    case "+":
      return checked(kind, l + r);
    case "-":
      return checked(kind, l - r);
    case "*":
      return checked(kind, l * r);
    case "/":
      if (r === 0n) throw new Failure();
      return checked(kind, l / r);
    case "%":
      if (r === 0n) throw new Failure();
      if (kind === "int" && l === intMin && r === -1n) throw new Failure();
      return l % r;
  }
}

function reference(node: Tree, input: Vars): bigint {
  switch (node.node) {
    case "lit":
      return node.value;
    case "var":
      return input[node.name];
    case "neg":
      return checked("int", -reference(node.operand, input));
    case "bin":
      return arithmetic(node.kind, node.op, reference(node.left, input), reference(node.right, input));
    case "convert":
      return checked(node.kind, reference(node.from, input));
    case "truncate":
      return truncate(node.kind, input[node.name]);
    case "parse":
      return parse(node.kind, input[node.name]);
  }
}

function outcome(run: () => unknown): unknown {
  try {
    const result = run();
    return typeof result === "number" && Number.isInteger(result) ? BigInt(result) : result;
  } catch (error) {
    if (error instanceof Failure) return "error";
    if (error instanceof ExpressionError && error.code === "CONDITION_ERROR") return "error";
    throw error;
  }
}

// A generated tree may nest past the caps; those are refused by design and left out here.
function compileWithinCaps(source: string): CompiledExpression | undefined {
  try {
    return compileExpression(source, scope);
  } catch (error) {
    if (error instanceof ExpressionError && error.details.reason === "too_deep") return undefined;
    throw error;
  }
}

function agrees(source: string, input: Vars, expected: unknown): void {
  const compiled = compileWithinCaps(source);
  fc.pre(compiled !== undefined);
  expect(
    outcome(() => evaluate(compiled, { input })),
    source,
  ).toEqual(expected);
}

test("int arithmetic is checked at every operation: any out-of-range intermediate is an error", () => {
  fc.assert(
    fc.property(pure.int, vars, (node, input) => {
      agrees(
        text(node),
        input,
        outcome(() => reference(node, input)),
      );
    }),
    { numRuns: 1000 },
  );
});

test("uint arithmetic is checked at every operation: below 0 or above 2^64-1 is an error", () => {
  fc.assert(
    fc.property(pure.uint, vars, (node, input) => {
      agrees(
        text(node),
        input,
        outcome(() => reference(node, input)),
      );
    }),
    { numRuns: 1000 },
  );
});

test("arithmetic mixing int, uint and conversions fails as a whole when any step fails", () => {
  fc.assert(
    fc.property(fc.oneof(mixed.int, mixed.uint), vars, (node, input) => {
      agrees(
        text(node),
        input,
        outcome(() => reference(node, input)),
      );
    }),
    { numRuns: 1000 },
  );
});

const conversions: readonly Tree[] = [
  { node: "truncate", kind: "int", name: "d" },
  { node: "truncate", kind: "uint", name: "d" },
  { node: "parse", kind: "int", name: "s" },
  { node: "parse", kind: "uint", name: "s" },
  { node: "convert", kind: "int", from: { node: "var", kind: "uint", name: "x" } },
  { node: "convert", kind: "uint", from: { node: "var", kind: "int", name: "a" } },
];

test.each(conversions.map((node) => [text(node), node] as const))("%s agrees with an exact reference", (_, node) => {
  fc.assert(
    fc.property(vars, (input) => {
      agrees(
        text(node),
        input,
        outcome(() => reference(node, input)),
      );
    }),
    { numRuns: 1000 },
  );
});

type Operand = { readonly kind: Kind; readonly tree: Tree } | { readonly kind: "double"; readonly name: DoubleName };
type Value = bigint | number;

const operand: fc.Arbitrary<Operand> = fc.oneof(
  pure.int.map((tree): Operand => ({ kind: "int", tree })),
  pure.uint.map((tree): Operand => ({ kind: "uint", tree })),
  doubleNames.map((name): Operand => ({ kind: "double", name })),
);

function operandText(o: Operand): string {
  return o.kind === "double" ? `input.${o.name}` : text(o.tree);
}

function operandValue(o: Operand, input: Vars): Value {
  return o.kind === "double" ? input[o.name] : reference(o.tree, input);
}

/** CEL's order of two numbers of any kind (see the rules above); undefined when one is NaN. */
function order(l: Value, r: Value): -1 | 0 | 1 | undefined {
  if (typeof l === "number" && typeof r === "number") {
    if (Number.isNaN(l) || Number.isNaN(r)) return undefined;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  if (typeof l === "bigint" && typeof r === "bigint") return l < r ? -1 : l > r ? 1 : 0;
  if (typeof l === "number") {
    const flipped = order(r, l);
    return flipped === undefined || flipped === 0 ? flipped : flipped === 1 ? -1 : 1;
  }
  const d = r as number;
  if (Number.isNaN(d)) return undefined;
  // Number() of a BigInt rounds to the nearest double, ties to even, as Go's float64(int64) does.
  const x = Number(l);
  return x < d ? -1 : x > d ? 1 : 0;
}

type Relation = "<" | "<=" | ">" | ">=" | "==" | "!=";

function relate(op: Relation, l: Value, r: Value): boolean | undefined {
  const o = order(l, r);
  if (op === "==") return o === 0;
  if (op === "!=") return o !== 0;
  if (o === undefined) return undefined;
  return { "<": o < 0, "<=": o <= 0, ">": o > 0, ">=": o >= 0 }[op];
}

test("comparisons across int, uint and double agree with the reference", () => {
  const comparison = fc.record({
    op: fc.constantFrom<Relation>("<", "<=", ">", ">=", "==", "!="),
    left: operand,
    right: operand,
    dyn: fc.boolean(),
  });
  fc.assert(
    fc.property(comparison, numericVars, ({ op, left, right, dyn }, input) => {
      // The checker declares no `==` across kinds, so that needs `dyn`; ordering across kinds is
      // declared (`_<_(int, double)` and so on), so `dyn` there is optional.
      const wrap = dyn || ((op === "==" || op === "!=") && left.kind !== right.kind);
      const l = wrap ? `dyn(${operandText(left)})` : operandText(left);
      const source = `${l} ${op} ${operandText(right)}`;
      const expected = outcome(() => {
        const result = relate(op, operandValue(left, input), operandValue(right, input));
        return result === undefined ? "unordered" : result;
      });
      fc.pre(expected !== "unordered");
      agrees(source, input, expected);
    }),
    { numRuns: 1500 },
  );
});

const leaf: fc.Arbitrary<Operand> = fc.oneof(
  fc
    .constantFrom<IntName>("a", "b", "c")
    .map((name): Operand => ({ kind: "int", tree: { node: "var", kind: "int", name } })),
  fc
    .constantFrom<UintName>("x", "y", "z")
    .map((name): Operand => ({ kind: "uint", tree: { node: "var", kind: "uint", name } })),
  doubleNames.map((name): Operand => ({ kind: "double", name })),
);

test("`in` over a list compares numerically across int, uint and double", () => {
  const lists = { int: "ints", uint: "uints", double: "doubles" } as const;
  type Haystack = { readonly list: keyof typeof lists } | { readonly literal: readonly Operand[] };
  const membership = fc.record({
    needle: leaf,
    haystack: fc.oneof(
      fc.constantFrom<keyof typeof lists>("int", "uint", "double").map((list): Haystack => ({ list })),
      fc.array(leaf, { minLength: 1, maxLength: 3 }).map((literal): Haystack => ({ literal })),
    ),
    dyn: fc.boolean(),
  });
  fc.assert(
    fc.property(membership, numericVars, ({ needle, haystack, dyn }, input) => {
      let source: string;
      let elements: readonly Value[];
      if ("list" in haystack) {
        // `in` is declared for `A in list(A)` only: a needle of another kind needs `dyn`.
        const wrap = dyn || needle.kind !== haystack.list;
        source = `${wrap ? `dyn(${operandText(needle)})` : operandText(needle)} in input.${lists[haystack.list]}`;
        elements = input[lists[haystack.list]];
      } else {
        source = `dyn(${operandText(needle)}) in [${haystack.literal.map((o) => `dyn(${operandText(o)})`).join(", ")}]`;
        elements = haystack.literal.map((o) => operandValue(o, input));
      }
      const value = operandValue(needle, input);
      agrees(
        source,
        input,
        elements.some((element) => order(value, element) === 0),
      );
    }),
    { numRuns: 1000 },
  );
});
