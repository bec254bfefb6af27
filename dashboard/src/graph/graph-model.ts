import type { FlowShown, GraphReport } from "../api/wasmflow.js";

export type GraphEdgeKind = GraphReport["edges"][number]["kind"];

/** One step as the graph draws it. */
export interface GraphNode {
  readonly id: string;
  readonly task: string;
  /** The join rule, only where the step is a convergence point (more than one step leads to it). */
  readonly join?: string;
  /** Named in some step's onError list: it runs only when that step fails. */
  readonly errorHandler: boolean;
  /** The step's own `retry.maxAttempts`, when it overrides its task's. */
  readonly retries?: number;
}

/** One drawn edge, from the step that settles first to the one that waits. */
export interface GraphEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
  /** A branch arm's condition, `else` for the else arm. */
  readonly label?: string;
  /** The type the downstream step receives, as the server's static check writes it. */
  readonly carries?: string;
}

export interface GraphModel {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/**
 * The drawable graph of a shown flow: nodes in definition order, edges as the server reports
 * them. An `after` that repeats a branch or onError link between the same two steps is drawn
 * once, as the link, which says more (the Mermaid drawing does the same).
 */
export function graphModelOf(shown: FlowShown): GraphModel {
  const { definition } = shown.flow;
  const { graph } = shown;
  const joins = new Map(graph.convergencePoints.map((point) => [point.step, point.join] as const));
  const handlers = new Set(graph.errorPaths.flatMap((path) => path.handlers));
  const seen = new Set<string>();
  const nodes: GraphNode[] = [];
  for (const step of definition.steps) {
    // A duplicated id is refused at registration; the guard keeps node ids unique regardless.
    if (seen.has(step.id)) continue;
    seen.add(step.id);
    const join = joins.get(step.id);
    const retries = step.retry?.maxAttempts;
    nodes.push({
      id: step.id,
      task: step.task,
      errorHandler: handlers.has(step.id),
      ...(join === undefined ? {} : { join }),
      ...(retries === undefined ? {} : { retries }),
    });
  }
  return { nodes, edges: drawnEdges(graph.edges) };
}

function drawnEdges(reported: GraphReport["edges"]): GraphEdge[] {
  const links = new Set<string>();
  for (const edge of reported) if (edge.kind !== "after") links.add(pairKey(edge.from, edge.to));
  const edges: GraphEdge[] = [];
  for (const edge of reported) {
    if (edge.kind === "after" && links.has(pairKey(edge.from, edge.to))) continue;
    const label = edge.kind === "branch" ? (edge.condition ?? "else") : undefined;
    edges.push({
      id:
        edge.kind === "branch" ? `${edge.from}->${edge.to}:branch${edge.arm}` : `${edge.from}->${edge.to}:${edge.kind}`,
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      ...(label === undefined ? {} : { label }),
      ...(edge.carries === undefined ? {} : { carries: edge.carries }),
    });
  }
  return edges;
}

function pairKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}
