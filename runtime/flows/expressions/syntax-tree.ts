import { expressionLimits } from "./limits.js";

/** The part of the library's parsed tree this module reads. */
export interface SyntaxNode {
  readonly op: string;
  readonly args: unknown;
  readonly start?: number;
  readonly end?: number;
}

/** What a parsed expression uses, and what in it breaks a cap. */
export interface TreeFacts {
  readonly readsInput: boolean;
  /** Step ids read as `steps.<id>` or `steps["<id>"]`. */
  readonly stepIds: ReadonlySet<string>;
  /** `steps` is used otherwise (as a whole value), so every step in scope is needed. */
  readonly readsAllSteps: boolean;
  /** The segments of a bare path (`steps.count.output.words`, `input.pair[0]`), when the whole expression is one. */
  readonly path: readonly (string | number)[] | undefined;
  readonly problem: TreeProblem | undefined;
}

export interface TreeProblem {
  readonly code: "EXPRESSION_SYNTAX" | "EXPRESSION_TYPE";
  readonly reason: string;
  readonly message: string;
  readonly node: SyntaxNode;
}

const iterating = new Set(["all", "exists", "exists_one", "map", "filter"]);
/** Functions refused at validation, with why. */
const unsupportedFunctions: ReadonlyMap<string, string> = new Map([
  // A backtracking JavaScript RegExp, which a pattern such as `(a+)+$` makes take exponential
  // time (CEL means a linear-time RE2 match).
  ["matches", "regular expressions could take exponential time"],
  // `bytes.json()` parses the wrong text (`b'x'.json()` gives 120).
  ["json", "it parses the wrong text"],
  // The library keeps milliseconds where CEL keeps nanoseconds, and lets values outside CEL's
  // range (years 1 to 9999) compare without error; flows carry no time values either.
  ["timestamp", "flows carry no timestamps; pass times as strings or integer seconds"],
  ["duration", "flows carry no durations; pass them as integer seconds"],
]);

export function isSyntaxNode(value: unknown): value is SyntaxNode {
  return typeof value === "object" && value !== null && typeof (value as { op?: unknown }).op === "string";
}

/** Walks the tree without recursion, so any depth the parser produced is safe to measure. */
export function analyseTree(root: SyntaxNode): TreeFacts {
  const stepIds = new Set<string>();
  let readsInput = false;
  let readsAllSteps = false;
  let comprehensions = 0;
  let problem: TreeProblem | undefined;
  const stack: { node: SyntaxNode; depth: number; nesting: number }[] = [{ node: root, depth: 1, nesting: 0 }];
  while (stack.length > 0 && problem === undefined) {
    const { node, depth, nesting } = stack.pop() as { node: SyntaxNode; depth: number; nesting: number };
    if (depth > expressionLimits.maxTreeDepth) {
      problem = syntax("too_deep", `nests deeper than ${expressionLimits.maxTreeDepth} levels`, node);
      break;
    }
    const stepId = stepReference(node);
    if (stepId !== undefined) {
      stepIds.add(stepId);
      continue;
    }
    if (node.op === "id") {
      if (node.args === "input") readsInput = true;
      if (node.args === "steps") readsAllSteps = true;
      continue;
    }
    const repeated = node.op === "map" ? repeatedConstantKey(node) : undefined;
    if (repeated !== undefined) {
      problem = {
        code: "EXPRESSION_TYPE",
        reason: "repeated_map_key",
        message: `repeats the map key ${repeated.text}`,
        node: repeated.node,
      };
      break;
    }
    const call = callParts(node);
    let inner = nesting;
    if (call !== undefined) {
      const unsupported = unsupportedFunctions.get(call.name);
      if (unsupported !== undefined) {
        problem = {
          code: "EXPRESSION_TYPE",
          reason: "unsupported_function",
          message: `uses "${call.name}", which is not supported (${unsupported})`,
          node,
        };
        break;
      }
      if (isComprehension(call)) {
        comprehensions += 1;
        inner = nesting + 1;
        if (comprehensions > expressionLimits.maxComprehensions) {
          problem = syntax("too_complex", `uses more than ${expressionLimits.maxComprehensions} macros`, node);
          break;
        }
        if (inner > expressionLimits.maxComprehensionNesting) {
          const max = expressionLimits.maxComprehensionNesting;
          problem = syntax("too_complex", `nests macros deeper than ${max} levels`, node);
          break;
        }
      }
      if (call.receiver !== undefined) stack.push({ node: call.receiver, depth: depth + 1, nesting });
      for (const arg of call.args) stack.push({ node: arg, depth: depth + 1, nesting: inner });
      continue;
    }
    for (const child of childrenOf(node)) stack.push({ node: child, depth: depth + 1, nesting });
  }
  return { readsInput, stepIds, readsAllSteps, path: barePath(root), problem };
}

/**
 * The first key of a map literal that repeats an earlier constant key. CEL makes a repeated key
 * an error; with constant keys it is known before anything runs. An int and a uint of the same
 * value are the same key.
 */
function repeatedConstantKey(node: SyntaxNode): { node: SyntaxNode; text: string } | undefined {
  if (!Array.isArray(node.args)) return undefined;
  const seen = new Set<string>();
  for (const entry of node.args as unknown[]) {
    const key = Array.isArray(entry) ? entry[0] : undefined;
    if (!isSyntaxNode(key) || key.op !== "value") continue;
    const value: unknown = key.args;
    const identity =
      typeof value === "string"
        ? `s${value}`
        : typeof value === "boolean"
          ? `b${value}`
          : typeof value === "bigint" || (typeof value === "object" && value !== null && "valueOf" in value)
            ? `n${String(value.valueOf())}`
            : undefined;
    if (identity === undefined) continue;
    if (seen.has(identity))
      return { node: key, text: typeof value === "string" ? JSON.stringify(value) : String(value) };
    seen.add(identity);
  }
  return undefined;
}

function syntax(reason: string, message: string, node: SyntaxNode): TreeProblem {
  return { code: "EXPRESSION_SYNTAX", reason, message, node };
}

interface CallParts {
  readonly name: string;
  readonly receiver: SyntaxNode | undefined;
  readonly args: readonly SyntaxNode[];
}

function callParts(node: SyntaxNode): CallParts | undefined {
  if (!Array.isArray(node.args)) return undefined;
  if (node.op === "call" && typeof node.args[0] === "string") {
    return { name: node.args[0], receiver: undefined, args: nodesIn(node.args[1]) };
  }
  if (node.op === "rcall" && typeof node.args[0] === "string" && isSyntaxNode(node.args[1])) {
    return { name: node.args[0], receiver: node.args[1], args: nodesIn(node.args[2]) };
  }
  return undefined;
}

function isComprehension(call: CallParts): boolean {
  if (call.name === "bind") return call.receiver?.op === "id" && call.receiver.args === "cel";
  return iterating.has(call.name) && call.args[0]?.op === "id";
}

function stepReference(node: SyntaxNode): string | undefined {
  if (!Array.isArray(node.args)) return undefined;
  const [receiver, key] = node.args as unknown[];
  if (!isSyntaxNode(receiver) || receiver.op !== "id" || receiver.args !== "steps") return undefined;
  if ((node.op === "." || node.op === ".?") && typeof key === "string") return key;
  if ((node.op === "[]" || node.op === "[?]") && isSyntaxNode(key) && key.op === "value") {
    return typeof key.args === "string" ? key.args : undefined;
  }
  return undefined;
}

/** The operands of a node: its subexpressions, receivers and arguments included. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  if (node.op === "value") return [];
  return nodesIn(node.args);
}

// Operands are a node, a list of nodes, or (map literals) a list of [key, value] pairs.
function nodesIn(value: unknown): SyntaxNode[] {
  if (isSyntaxNode(value)) return [value];
  if (!Array.isArray(value)) return [];
  const nodes: SyntaxNode[] = [];
  for (const item of value) {
    if (isSyntaxNode(item)) nodes.push(item);
    else if (Array.isArray(item)) for (const inner of item) if (isSyntaxNode(inner)) nodes.push(inner);
  }
  return nodes;
}

/**
 * The segments of `input.a.b` or `steps.x.output` (also `steps["x"]`, and `input.pair[0]` with a
 * literal index, as a number), or undefined when `root` is not such a path.
 */
export function barePath(root: SyntaxNode): (string | number)[] | undefined {
  const segments: (string | number)[] = [];
  let node: SyntaxNode = root;
  for (;;) {
    if (node.op === "id" && (node.args === "input" || node.args === "steps")) {
      segments.push(node.args);
      return segments.reverse();
    }
    if (!Array.isArray(node.args)) return undefined;
    const [receiver, key] = node.args as unknown[];
    if (!isSyntaxNode(receiver)) return undefined;
    if (node.op === "." && typeof key === "string") segments.push(key);
    else if (node.op === "[]" && isSyntaxNode(key) && key.op === "value" && typeof key.args === "string") {
      segments.push(key.args);
    } else if (node.op === "[]" && isSyntaxNode(key) && key.op === "value" && isIndex(key.args)) {
      segments.push(Number(key.args));
    } else return undefined;
    node = receiver;
  }
}

/** An int literal that can index a list (the library parses `0` as a BigInt; `0u` is not one). */
function isIndex(value: unknown): value is bigint {
  return typeof value === "bigint" && value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER);
}

/** A bare path as text: `steps.count.output`, `input.pair[0]`. */
export function formatBarePath(path: readonly (string | number)[]): string {
  return path
    .map((segment, i) => (typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join("");
}

/** The member access (`receiver.field`) whose field name ends at `end`, searched without recursion. */
export function findMemberEndingAt(root: SyntaxNode, end: number): { receiver: SyntaxNode; field: string } | undefined {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if ((node.op === "." || node.op === ".?") && node.end === end && Array.isArray(node.args)) {
      const [receiver, field] = node.args as unknown[];
      if (isSyntaxNode(receiver) && typeof field === "string") return { receiver, field };
    }
    const call = callParts(node);
    if (call?.receiver !== undefined) stack.push(call.receiver);
    stack.push(...(call === undefined ? childrenOf(node) : call.args));
  }
  return undefined;
}
