import type { ElkNode, ElkPoint } from "elkjs/lib/elk-api.js";

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface EdgeRoute {
  /** Start, bends, end, in graph coordinates. */
  readonly points: readonly ElkPoint[];
  readonly label?: Box;
}

/** Where ELK put every node and how it routed every edge, by model id. */
export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, Box>;
  readonly edges: ReadonlyMap<string, EdgeRoute>;
}

/**
 * Reads ELK's answer for a flat graph (no nested children, so every coordinate is already
 * relative to the root). An edge ELK returns without a section keeps no route and is drawn
 * straight between its nodes.
 */
export function layoutOfElk(graph: ElkNode): GraphLayout {
  const nodes = new Map<string, Box>();
  for (const child of graph.children ?? []) {
    nodes.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
  }
  const edges = new Map<string, EdgeRoute>();
  for (const edge of graph.edges ?? []) {
    const points = (edge.sections ?? []).flatMap((section) => [
      section.startPoint,
      ...(section.bendPoints ?? []),
      section.endPoint,
    ]);
    const placed = edge.labels?.[0];
    const label =
      placed === undefined
        ? undefined
        : { x: placed.x ?? 0, y: placed.y ?? 0, width: placed.width ?? 0, height: placed.height ?? 0 };
    edges.set(edge.id, { points: points.map(({ x, y }) => ({ x, y })), ...(label === undefined ? {} : { label }) });
  }
  return { width: graph.width ?? 0, height: graph.height ?? 0, nodes, edges };
}
