import { didYouMean, type Issue, type IssueCode, meant } from "../../errors/index.js";
import { type EnumType, formatValueType, type ValueType } from "../../values/index.js";
import type { UseProblem } from "./declared-uses.js";
import { type DeclaredRoots, declaredTypeAt } from "./result-type.js";
import { barePath, isSyntaxNode, type SyntaxNode } from "./syntax-tree.js";

/** A declared type whose values are strings from a known set: an enum (a variant's `tag` is one), or a char. */
type ClosedString = EnumType | { readonly kind: "char" };

/**
 * Why the string `literal` is never a value of `type`: not one of the enum's cases, or not one
 * character; undefined when it may be.
 */
function caseMismatch(literal: string, type: ClosedString): CaseMismatch | undefined {
  if (type.kind === "char") {
    if ([...literal].length === 1) return undefined;
    return { code: "OUT_OF_RANGE", why: `${quote(literal)} is not a single character`, hint: "" };
  }
  if (type.cases.includes(literal)) return undefined;
  const close = meant(literal, type.cases);
  const hint = close.length > 0 ? `; ${didYouMean(close)}` : "";
  return { code: "UNKNOWN_CASE", why: `${quote(literal)} is not a case of ${formatValueType(type)}`, hint };
}

interface CaseMismatch {
  /** The code a task's input check gives the same value. */
  readonly code: IssueCode;
  readonly why: string;
  readonly hint: string;
}

/**
 * A comparison that can never hold: a value of a declared enum, a variant's `tag` or a char
 * compared (`==`, `!=`, `in [...]`) with a string literal that is none of its values —
 * `steps.paint.output.color == 'bleu'` where the enum is `{red, blue}` — with the name meant.
 */
export function caseComparisonProblem(node: SyntaxNode, roots: DeclaredRoots): UseProblem | undefined {
  for (const [subject, literal] of comparedLiterals(node)) {
    const path = barePath(subject);
    const type = path === undefined ? undefined : closedString(declaredTypeAt(path, roots));
    const problem = type === undefined ? undefined : caseMismatch(literal.args as string, type);
    if (problem === undefined) continue;
    const message = `${problem.why}, so the comparison never holds${problem.hint}`;
    return { reason: "unknown_case", message, node: literal };
  }
  return undefined;
}

/**
 * Checks an expression that is a string literal feeding a field of an enum or a char (`'bleu'` for
 * an `enum{red, blue}`): it can be judged before anything runs. Undefined for anything else, and
 * when the literal is one of the field's values.
 */
export function literalCaseIssue(root: SyntaxNode, target: ValueType, path: string): Issue | undefined {
  const type = closedString(target);
  if (type === undefined || root.op !== "value" || typeof root.args !== "string") return undefined;
  const problem = caseMismatch(root.args, type);
  if (problem === undefined) return undefined;
  const expected = formatValueType(type);
  const actual = `string ${quote(root.args)}`;
  return { code: problem.code, path, expected, actual, message: `${problem.why}${problem.hint}` };
}

function closedString(type: ValueType | undefined): ClosedString | undefined {
  return type?.kind === "enum" || type?.kind === "char" ? (type as ClosedString) : undefined;
}

/** The (subject, string literal) pairs a node compares: either side of `==`/`!=`, the items of `x in [...]`. */
function comparedLiterals(node: SyntaxNode): (readonly [SyntaxNode, SyntaxNode])[] {
  if (!Array.isArray(node.args)) return [];
  const [left, right] = node.args as unknown[];
  if (!isSyntaxNode(left) || !isSyntaxNode(right)) return [];
  if (node.op === "==" || node.op === "!=") {
    if (isStringLiteral(right)) return [[left, right]];
    if (isStringLiteral(left)) return [[right, left]];
    return [];
  }
  if (node.op === "in" && right.op === "list" && Array.isArray(right.args)) {
    return (right.args as unknown[]).filter(isStringLiteral).map((item) => [left, item] as const);
  }
  return [];
}

function isStringLiteral(node: unknown): node is SyntaxNode {
  return isSyntaxNode(node) && node.op === "value" && typeof node.args === "string";
}

/** The literal as CEL writes it, cut after 32 characters (never inside one). */
function quote(text: string): string {
  const characters = [...text];
  const shown = characters.length > 32 ? `${characters.slice(0, 32).join("")}…` : text;
  return `'${shown.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
