const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `input.name` for identifiers; `input["odd key"]` for any other key, so a path always reads back. */
export function fieldPath(path: string, key: string): string {
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return identifier.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(shown)}]`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Joins path segments collected innermost first: field names and list indexes. */
export function joinSegments(root: string, innermostFirst: readonly (string | number)[]): string {
  let path = root;
  for (let i = innermostFirst.length - 1; i >= 0; i--) {
    const segment = innermostFirst[i] as string | number;
    path = typeof segment === "number" ? indexPath(path, segment) : fieldPath(path, segment);
  }
  return path;
}
