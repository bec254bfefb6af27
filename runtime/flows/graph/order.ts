import type { GraphCore } from "./build-graph.js";

export interface TopologicalOrder {
  /** Nodes in an order where every step comes after all the steps it waits for. */
  readonly order: readonly number[];
  /** Node → length of the longest path to it from a root (0 for roots); -1 for nodes on or behind a cycle. */
  readonly level: Int32Array;
  /** True when every node was ordered, i.e. the graph has no cycle. */
  readonly complete: boolean;
}

/**
 * Kahn's algorithm: repeatedly take a node nothing unsettled points at. Iterative and linear in
 * nodes + edges; nodes on a cycle (and those only reachable through one) are never taken. Ties
 * go first-in first-out from definition order, so the order is stable for a given file.
 */
export function topologicalOrder(core: GraphCore): TopologicalOrder {
  const n = core.ids.length;
  const waiting = new Int32Array(n);
  const level = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let node = 0; node < n; node++) {
    waiting[node] = core.preds[node]?.length ?? 0;
    if (waiting[node] === 0) {
      queue[tail++] = node;
      level[node] = 0;
    }
  }
  for (let head = 0; head < tail; head++) {
    const node = queue[head] as number;
    const next = (level[node] as number) + 1;
    for (const succ of core.succs[node] ?? []) {
      if ((level[succ] as number) < next) level[succ] = next;
      waiting[succ] = (waiting[succ] as number) - 1;
      if (waiting[succ] === 0) queue[tail++] = succ;
    }
  }
  // Levels were raised by settled predecessors only; a node never taken has none that count.
  for (let node = 0; node < n; node++) if (waiting[node] !== 0) level[node] = -1;
  return { order: Array.from(queue.subarray(0, tail)), level, complete: tail === n };
}
