import type { ElkExtendedEdge, ElkNode, LayoutOptions } from "elkjs/lib/elk-api.js";
import type { GraphEdge, GraphModel, GraphNode } from "./graph-model.js";
import { edgeLabelLines, edgeLabelSizeOf, nodeSizeOf, type Size } from "./text-sizes.js";

/** How big each node and edge label is drawn; ELK keeps them apart. */
export interface GraphSizes {
  readonly node: (node: GraphNode) => Size;
  /** Undefined for an edge drawn without a label. */
  readonly edgeLabel: (edge: GraphEdge) => Size | undefined;
}

export const textSizes: GraphSizes = { node: nodeSizeOf, edgeLabel: edgeLabelSizeOf };

export const layoutOptions: LayoutOptions = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.spacing.nodeNode": "32",
  "elk.layered.spacing.nodeNodeBetweenLayers": "40",
  "elk.spacing.edgeLabel": "4",
  "elk.spacing.edgeNode": "20",
  "elk.edgeLabels.inline": "false",
  "elk.layered.edgeLabels.sideSelection": "SMART_DOWN",
  // Definition order is how the author reads the flow: keep it where crossings allow.
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.padding": "[top=24,left=24,bottom=24,right=24]",
};

/**
 * The flow as ELK's JSON graph: one child per step, one edge per drawn edge with its label box,
 * ids as in the model so the layout maps back by id.
 */
export function elkGraphOf(model: GraphModel, sizes: GraphSizes = textSizes): ElkNode {
  const children: ElkNode[] = model.nodes.map((node) => ({ id: node.id, ...sizes.node(node) }));
  const edges: ElkExtendedEdge[] = model.edges.map((edge) => {
    const label = sizes.edgeLabel(edge);
    return {
      id: edge.id,
      sources: [edge.from],
      targets: [edge.to],
      // ELK leaves a label without text unplaced; the text itself is not measured, the size is.
      ...(label === undefined
        ? {}
        : { labels: [{ id: `${edge.id}#label`, text: edgeLabelLines(edge).join("\n"), ...label }] }),
    };
  });
  return { id: "flow", layoutOptions, children, edges };
}
