import "@xyflow/react/dist/style.css";
import "./flow-graph.css";
import { Controls, ReactFlow, type ReactFlowInstance } from "@xyflow/react";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import type { StepVisualState } from "../shape/step-status.js";
import type { GraphLayout } from "./elk-output.js";
import {
  nodesWithStates,
  placedNodes,
  type RouteEdge as RouteEdgeType,
  routedEdges,
  type StepNode as StepNodeType,
} from "./flow-elements.js";
import type { GraphModel } from "./graph-model.js";
import { initialViewport, isInView } from "./initial-viewport.js";
import { layoutOf } from "./layout.js";
import { ArrowMarkers, RouteEdge } from "./route-edge.js";
import { SelectStep, StepNode } from "./step-node.js";

export interface FlowGraphProps {
  readonly model: GraphModel;
  /** Each step's state on a run's page; a step missing from it is `pending`. */
  readonly states?: Readonly<Record<string, StepVisualState>>;
  readonly selected?: string;
  readonly onSelect?: (stepId: string) => void;
  /** The accessible name of the drawing. */
  readonly label: string;
}

const nodeTypes = { step: StepNode };
const edgeTypes = { route: RouteEdge };

type LayoutState =
  | { readonly status: "pending" }
  | { readonly status: "ready"; readonly layout: GraphLayout }
  | { readonly status: "failed"; readonly message: string };

/** The layout of `model`, computed off the main thread; pending again whenever the model changes. */
function useLayout(model: GraphModel): LayoutState {
  const [laid, setLaid] = useState<{ model: GraphModel; state: LayoutState }>({
    model,
    state: { status: "pending" },
  });
  useEffect(() => {
    let current = true;
    layoutOf(model).then(
      (layout) => current && setLaid({ model, state: { status: "ready", layout } }),
      (error: unknown) =>
        current &&
        setLaid({
          model,
          state: { status: "failed", message: error instanceof Error ? error.message : String(error) },
        }),
    );
    return () => {
      current = false;
    };
  }, [model]);
  return laid.model === model ? laid.state : { status: "pending" };
}

/**
 * A flow's steps and edges, laid out off the main thread. States and selection are applied to
 * the positioned nodes without laying out again; only what is on screen is rendered.
 */
export function FlowGraph({ model, states, selected, onSelect, label }: FlowGraphProps) {
  const state = useLayout(model);
  const layout = state.status === "ready" ? state.layout : undefined;

  const placed = useMemo(() => (layout === undefined ? [] : placedNodes(model, layout)), [model, layout]);
  const edges = useMemo(() => (layout === undefined ? [] : routedEdges(model, layout)), [model, layout]);
  const previous = useRef<ReadonlyMap<string, StepNodeType>>(new Map());
  const nodes = useMemo(() => nodesWithStates(placed, previous.current, states, selected), [placed, states, selected]);
  useEffect(() => {
    previous.current = new Map(nodes.map((node) => [node.id, node] as const));
  }, [nodes]);

  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);
  const select = useCallback((stepId: string) => onSelectRef.current?.(stepId), []);
  // xyflow lets clicks through to the pane on a node that is neither selectable nor draggable
  // unless it has a click handler: this one is what makes nodes clickable.
  const onNodeClick = useCallback((_: unknown, node: StepNodeType) => select(node.id), [select]);

  const canvas = useRef<HTMLDivElement>(null);
  const flow = useRef<ReactFlowInstance<StepNodeType, RouteEdgeType> | undefined>(undefined);
  const onInit = useCallback(
    (instance: ReactFlowInstance<StepNodeType, RouteEdgeType>) => {
      flow.current = instance;
      const pane = canvas.current;
      if (layout === undefined || pane === null) return;
      const first = model.nodes[0] === undefined ? undefined : layout.nodes.get(model.nodes[0].id);
      void instance.setViewport(
        initialViewport(layout, model.nodes.length, pane.clientWidth, pane.clientHeight, first),
      );
    },
    [layout, model],
  );
  // A step picked elsewhere on the page (the timeline) is brought into view if it is off screen.
  useEffect(() => {
    const instance = flow.current;
    const pane = canvas.current;
    const box = selected === undefined ? undefined : layout?.nodes.get(selected);
    if (instance === undefined || pane === null || box === undefined) return;
    const viewport = instance.getViewport();
    if (isInView(box, viewport, pane.clientWidth, pane.clientHeight)) return;
    void instance.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom: viewport.zoom, duration: 200 });
  }, [selected, layout]);

  const markerBase = useId().replace(/:/g, "");
  const markers = useMemo(() => ({ normal: `${markerBase}-arrow`, error: `${markerBase}-arrow-error` }), [markerBase]);

  if (state.status !== "ready") {
    return (
      <figure className="flow-graph flow-graph-note" aria-label={label} aria-busy={state.status === "pending"}>
        {state.status === "pending" ? (
          <p role="status">Laying out {model.nodes.length} steps…</p>
        ) : (
          <p role="alert">The graph could not be laid out: {state.message}</p>
        )}
      </figure>
    );
  }
  return (
    <figure className="flow-graph" aria-label={label}>
      <svg className="flow-graph-defs" aria-hidden="true" focusable="false">
        <defs>
          <Arrowhead id={markers.normal} className="flow-arrow" />
          <Arrowhead id={markers.error} className="flow-arrow flow-arrow-error" />
        </defs>
      </svg>
      <div className="flow-graph-canvas" ref={canvas}>
        <SelectStep.Provider value={select}>
          <ArrowMarkers.Provider value={markers}>
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              onInit={onInit}
              onNodeClick={onNodeClick}
              onlyRenderVisibleElements
              minZoom={0.05}
              maxZoom={2}
              nodesDraggable={false}
              nodesConnectable={false}
              nodesFocusable={false}
              edgesFocusable={false}
              elementsSelectable={false}
              colorMode="system"
            >
              <Controls showInteractive={false} fitViewOptions={{ padding: 0.05 }} />
            </ReactFlow>
          </ArrowMarkers.Provider>
        </SelectStep.Provider>
      </div>
      <figcaption className="flow-graph-legend">
        <span className="flow-legend-item">
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" className="flow-edge-path" />
          </svg>
          runs after
        </span>
        <span className="flow-legend-item">
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" className="flow-edge-path flow-edge-error" />
          </svg>
          on error
        </span>
        <span className="flow-legend-item">edge labels: the branch condition, then the type passed</span>
      </figcaption>
    </figure>
  );
}

/** An arrowhead the edges' paths end with (`marker-end`), in the colour `className` gives it. */
function Arrowhead({ id, className }: { readonly id: string; readonly className: string }) {
  return (
    <marker id={id} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto">
      <path d="M0,0 L10,5 L0,10 z" className={className} />
    </marker>
  );
}
