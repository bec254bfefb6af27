/** An object or array met by `walkJson`: where it is in the document, and how deep (the root is 0). */
export interface JsonNode {
  readonly value: object;
  readonly depth: number;
  /** The key or index it is under in its parent; undefined for the root. */
  readonly key: PropertyKey | undefined;
  readonly parent: JsonNode | undefined;
}

/**
 * Visits every object and array of a parsed JSON value, a parent before its children, until
 * `visit` returns true. It keeps its own stack instead of recursing, so no nesting that
 * `JSON.parse` accepts can overflow it.
 */
export function walkJson(json: unknown, visit: (node: JsonNode) => boolean | undefined): void {
  if (typeof json !== "object" || json === null) return;
  const stack: JsonNode[] = [{ value: json, depth: 0, key: undefined, parent: undefined }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (visit(node) === true) return;
    const keys = Array.isArray(node.value) ? node.value.keys() : Object.keys(node.value);
    for (const key of keys) {
      const child = (node.value as Record<PropertyKey, unknown>)[key];
      if (typeof child === "object" && child !== null) {
        stack.push({ value: child, depth: node.depth + 1, key, parent: node });
      }
    }
  }
}

/** The keys from the root down to `node`. */
export function jsonPathKeys(node: JsonNode): PropertyKey[] {
  const keys: PropertyKey[] = [];
  for (let at: JsonNode | undefined = node; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse();
}
