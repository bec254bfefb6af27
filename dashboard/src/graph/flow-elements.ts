import type { Edge, Node } from "@xyflow/react";
import type { StepVisualState } from "../shape/step-status.js";
import type { EdgeRoute, GraphLayout } from "./elk-output.js";
import type { GraphEdge, GraphModel, GraphNode } from "./graph-model.js";

export type StepNodeData = {
  readonly step: GraphNode;
  /** Undefined on a flow's page, where no run gives states. */
  readonly state: StepVisualState | undefined;
  readonly selected: boolean;
};
export type StepNode = Node<StepNodeData, "step">;

export type RouteEdgeData = {
  readonly edge: GraphEdge;
  readonly route: EdgeRoute | undefined;
};
export type RouteEdge = Edge<RouteEdgeData, "route">;

/** The positioned nodes without states: rebuilt only when the model or its layout changes. */
export function placedNodes(model: GraphModel, layout: GraphLayout): StepNode[] {
  return model.nodes.map((step) => {
    const box = layout.nodes.get(step.id);
    return {
      id: step.id,
      type: "step",
      position: { x: box?.x ?? 0, y: box?.y ?? 0 },
      // Fixed sizes let the visible-elements culling work before anything is measured.
      width: box?.width ?? 0,
      height: box?.height ?? 0,
      data: { step, state: undefined, selected: false },
      draggable: false,
      connectable: false,
      selectable: false,
      focusable: false,
    };
  });
}

export function routedEdges(model: GraphModel, layout: GraphLayout): RouteEdge[] {
  return model.edges.map((edge) => ({
    id: edge.id,
    type: "route",
    source: edge.from,
    target: edge.to,
    data: { edge, route: layout.edges.get(edge.id) },
    selectable: false,
    focusable: false,
    domAttributes: { "data-edge": `${edge.from}->${edge.to}`, "data-kind": edge.kind } as Record<string, string>,
  }));
}

/**
 * The nodes with their states and selection. A node whose state and selection did not change
 * keeps its object from `previous`, so a state update re-renders only the steps it changed.
 */
export function nodesWithStates(
  placed: readonly StepNode[],
  previous: ReadonlyMap<string, StepNode>,
  states: Readonly<Record<string, StepVisualState>> | undefined,
  selected: string | undefined,
): StepNode[] {
  return placed.map((node) => {
    const state = states === undefined ? undefined : (states[node.id] ?? "pending");
    const isSelected = selected === node.id;
    const before = previous.get(node.id);
    if (
      before !== undefined &&
      before.data.step === node.data.step &&
      before.position === node.position &&
      before.data.state === state &&
      before.data.selected === isSelected
    ) {
      return before;
    }
    return { ...node, data: { step: node.data.step, state, selected: isSelected } };
  });
}
