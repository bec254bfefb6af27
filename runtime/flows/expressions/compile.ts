import type { Issue } from "../../errors/index.js";
import type { ValueType } from "../../values/index.js";
import { checkAssignable } from "./assignable.js";
import { type PathReader, pathReader } from "./bare-path.js";
import { literalCaseIssue } from "./case-literals.js";
import { checkDeclaredUses } from "./declared-uses.js";
import { buildEnvironment, environmentKey, parsingEnvironment, type ScopeEnvironment } from "./environment.js";
import { ExpressionError } from "./errors.js";
import type { ExpressionType } from "./expression-type.js";
import { clip, toExpressionError, verb } from "./library-errors.js";
import { prescan } from "./limits.js";
import { describeMissingField } from "./missing-field.js";
import { declaredTypeAt, readCelType } from "./result-type.js";
import type { ExpressionScope } from "./scope.js";
import { analyseTree, isSyntaxNode, type SyntaxNode, type TreeFacts } from "./syntax-tree.js";

/** What an expression reads: the flow input, and which steps (sorted ids). */
export interface ExpressionReads {
  readonly input: boolean;
  readonly steps: readonly string[];
}

/** An expression checked against a scope, ready to evaluate many times. */
export interface CompiledExpression {
  readonly text: string;
  /** The static type of the result (see `ExpressionType`). */
  readonly type: ExpressionType;
  readonly reads: ExpressionReads;
}

/** How a compiled expression runs: through the library, or, for a bare path, without it. */
type Internals =
  | { readonly run: (context: Record<string, unknown>) => unknown; readonly environment: ScopeEnvironment }
  | { readonly reader: PathReader };

const internals = new WeakMap<CompiledExpression, Internals>();
/**
 * Environments by what they declare (see `environmentKey`), the most recently used last: steps
 * that read the same things of the same types — the arms of a fan-out, a flow checked and then
 * planned — share one instead of building it again (building one costs some 100 µs).
 */
const environments = new Map<string, ScopeEnvironment>();
const environmentsKept = 512;

export function internalsOf(compiled: CompiledExpression): Internals {
  const found = internals.get(compiled);
  if (found === undefined) throw new TypeError("not an expression returned by compileExpression");
  return found;
}

/**
 * Parses and type-checks `text` against the declared `scope`. Throws `EXPRESSION_SYNTAX` when the
 * text does not parse or breaks a limit (`expressionLimits`), `EXPRESSION_TYPE` when it reads an
 * unknown variable, step or field, applies an operator to the wrong types, compares an enum (or a
 * char) with a string that is none of its values, or reads a tuple at an index it does not have.
 * Environments are cached by the declarations they hold.
 * @example
 * const score = compileExpression("steps.score.output.score >= 0.75", {
 *   input: parseValueType({ text: "string" }),
 *   steps: { score: { output: parseValueType({ score: "f64", label: "string" }) } },
 * });
 * score.type; // { kind: "bool" }
 */
export function compileExpression(text: string, scope: ExpressionScope): CompiledExpression {
  const { root, facts } = parseTree(text);
  const stepIds = facts.readsAllSteps ? Object.keys(scope.steps).sort() : [...facts.stepIds].sort();
  const reads = { input: facts.readsInput, steps: stepIds.filter((id) => Object.hasOwn(scope.steps, id)) };
  const path = facts.path === undefined ? undefined : pathReader(root, scope);
  if (path !== undefined) {
    const compiled: CompiledExpression = Object.freeze({ text, type: path.type, reads });
    internals.set(compiled, { reader: path.reader });
    return compiled;
  }
  const environment = environmentFor(scope, stepIds);
  let run: (context: Record<string, unknown>) => unknown;
  let typeText: string;
  try {
    const parsed = environment.env.parse(text);
    const checked = parsed.check();
    if (!checked.valid) throw checked.error;
    run = parsed;
    typeText = checked.type ?? "dyn";
  } catch (error) {
    throw withMissingField(toExpressionError(error, text, "compile"), root, environment, scope);
  }
  const roots = { input: scope.input, steps: environment.steps.type };
  checkDeclaredUses(root, roots, text);
  const declared = facts.path === undefined ? undefined : declaredTypeAt(facts.path, roots);
  const type: ExpressionType = declared ?? readCelType(typeText, environment.records);
  const compiled: CompiledExpression = Object.freeze({ text, type, reads });
  internals.set(compiled, { run, environment });
  return compiled;
}

/**
 * Like `compileExpression`, and the result must be a bool (or `dyn`, checked when it runs):
 * a branch condition.
 */
export function compileCondition(text: string, scope: ExpressionScope): CompiledExpression {
  const compiled = compileExpression(text, scope);
  const issue = checkAssignable(compiled.type, { kind: "bool" }, "condition");
  if (issue !== undefined) {
    throw new ExpressionError(
      "EXPRESSION_TYPE",
      `${verb("EXPRESSION_TYPE")} "${clip(text)}": a condition must be a bool, got ${issue.actual}`,
      { expression: text, reason: "not_bool" },
      { issues: [issue] },
    );
  }
  return compiled;
}

/**
 * The issue with an expression that is a string literal feeding a field of an enum or a char
 * (`'bleu'` for an `enum{red, blue}`), known before anything runs; undefined otherwise. Throws what
 * `compileExpression` throws when the text does not parse.
 */
export function literalFitIssue(text: string, target: ValueType, path: string): Issue | undefined {
  // Only these fields are worth a second parse: a flow of thousands of steps is checked whole.
  const field = target.kind === "option" ? target.inner : target;
  if (field.kind !== "enum" && field.kind !== "char") return undefined;
  return literalCaseIssue(parseTree(text).root, field, path);
}

/** What `text` reads, from parsing alone; throws `EXPRESSION_SYNTAX` when it does not parse. */
export function expressionReads(text: string): ExpressionReads {
  const { facts } = parseTree(text);
  return { input: facts.readsInput, steps: [...facts.stepIds].sort() };
}

function parseTree(text: string): { root: SyntaxNode; facts: TreeFacts } {
  if (typeof text !== "string") {
    throw new ExpressionError("EXPRESSION_SYNTAX", "an expression must be a string", {
      expression: String(text),
      reason: "not_a_string",
    });
  }
  const early = prescan(text);
  if (early !== undefined) {
    throw new ExpressionError(
      "EXPRESSION_SYNTAX",
      `${verb("EXPRESSION_SYNTAX")} "${clip(text)}": it ${early.message}`,
      {
        expression: text,
        position: early.position,
        reason: early.reason,
      },
    );
  }
  let root: unknown;
  try {
    root = parsingEnvironment.parse(text).ast;
  } catch (error) {
    throw toExpressionError(error, text, "compile");
  }
  if (!isSyntaxNode(root))
    throw new ExpressionError("EXPRESSION_SYNTAX", `cannot parse "${clip(text)}"`, {
      expression: text,
      reason: "internal",
    });
  const facts = analyseTree(root);
  if (facts.problem !== undefined) {
    const { code, reason, message, node } = facts.problem;
    const at = node.start === undefined ? "" : ` at position ${node.start}`;
    throw new ExpressionError(code, `${verb(code)} "${clip(text)}"${at}: it ${message}`, {
      expression: text,
      reason,
      ...(node.start === undefined ? {} : { position: node.start }),
      ...(node.end === undefined ? {} : { end: node.end }),
    });
  }
  return { root, facts };
}

function environmentFor(scope: ExpressionScope, stepIds: readonly string[]): ScopeEnvironment {
  const key = environmentKey(scope, stepIds);
  let environment = environments.get(key);
  if (environment === undefined) {
    environment = buildEnvironment(scope, stepIds);
    if (environments.size >= environmentsKept) environments.delete(environments.keys().next().value as string);
  } else environments.delete(key);
  environments.set(key, environment);
  return environment;
}

function withMissingField(
  error: ExpressionError,
  root: SyntaxNode,
  environment: ScopeEnvironment,
  scope: ExpressionScope,
): ExpressionError {
  const end = error.details.end;
  if (error.details.reason !== "no_such_key" || typeof end !== "number") return error;
  const described = describeMissingField(root, end, { input: scope.input, steps: environment.steps.type }, scope);
  if (described === undefined) return error;
  const position = error.position ?? 0;
  return new ExpressionError(
    "EXPRESSION_TYPE",
    `${verb("EXPRESSION_TYPE")} "${clip(error.expression)}" at position ${position}: ${described}`,
    { expression: error.expression, position, end, reason: "no_such_field" },
    { cause: error.cause },
  );
}
