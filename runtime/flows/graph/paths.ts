import type { GraphCore } from "./build-graph.js";

/** Root-to-leaf paths, at most `limit` of them; `truncated` says more exist. */
export interface FlowPaths {
  readonly paths: readonly (readonly string[])[];
  readonly truncated: boolean;
}

/**
 * Enumerates root→leaf paths depth-first with an explicit stack. A graph can hold exponentially
 * many paths, so the walk stops at `limit`; each path found costs at most the graph's depth in
 * steps, so the walk is bounded by limit × depth.
 */
export function enumeratePaths(core: GraphCore, roots: readonly number[], limit: number): FlowPaths {
  const paths: string[][] = [];
  const path: number[] = [];
  const next: number[] = [];
  for (const root of roots) {
    path.push(root);
    next.push(0);
    while (path.length > 0) {
      const depth = path.length - 1;
      const node = path[depth] as number;
      const succs = core.succs[node] ?? [];
      if (succs.length === 0) {
        if (paths.length === limit) return { paths, truncated: true };
        paths.push(path.map((at) => core.ids[at] as string));
      }
      const index = next[depth] as number;
      if (index < succs.length) {
        next[depth] = index + 1;
        path.push(succs[index] as number);
        next.push(0);
      } else {
        path.pop();
        next.pop();
      }
    }
  }
  return { paths, truncated: false };
}
