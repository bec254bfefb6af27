import { formatValueType } from "../../values/index.js";
import type { UseProblem } from "./declared-uses.js";
import { type DeclaredRoots, declaredTypeAt } from "./result-type.js";
import { barePath, formatBarePath, isSyntaxNode, type SyntaxNode } from "./syntax-tree.js";

/**
 * A declared tuple read at a literal index it does not have (`input.pair[2]` of a
 * `tuple<s32, string>`): the library types a tuple as a list, whose length it cannot know.
 */
export function tupleIndexProblem(node: SyntaxNode, roots: DeclaredRoots): UseProblem | undefined {
  if (node.op !== "[]" || !Array.isArray(node.args)) return undefined;
  const [receiver, key] = node.args as unknown[];
  if (!isSyntaxNode(receiver) || !isSyntaxNode(key)) return undefined;
  const index = literalIndex(key);
  const path = index === undefined ? undefined : barePath(receiver);
  const type = path === undefined ? undefined : declaredTypeAt(path, roots);
  if (index === undefined || path === undefined || type?.kind !== "tuple") return undefined;
  const size = type.elements.length;
  if (index >= 0 && index < size) return undefined;
  const items = `${size} ${size === 1 ? "item" : "items"}`;
  const message = `${formatBarePath(path)} is a ${formatValueType(type)}, which has ${items}: there is no item ${index}`;
  return { reason: "index_out_of_bounds", message, node: key };
}

/** The value of an integer literal index: `2`, `2u`, `-1`, `1.0`. */
function literalIndex(key: SyntaxNode): number | undefined {
  if (key.op === "-_" && isSyntaxNode(key.args)) {
    const magnitude = literalIndex(key.args);
    return magnitude === undefined ? undefined : -magnitude;
  }
  if (key.op !== "value") return undefined;
  const value: unknown = key.args;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
  // `2u` is an UnsignedInt, a BigInt inside.
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const inner: unknown = value.valueOf();
    if (typeof inner === "bigint") return Number(inner);
  }
  return undefined;
}
