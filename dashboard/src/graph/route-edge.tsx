import type { EdgeProps } from "@xyflow/react";
import { createContext, memo, useContext } from "react";
import type { RouteEdge as RouteEdgeType } from "./flow-elements.js";
import { edgeLabelLines, shortened } from "./text-sizes.js";

/** Ids of the arrowheads the graph defines once: `normal` and `error`. */
export const ArrowMarkers = createContext({ normal: "", error: "" });

const labelLineHeight = 15;

function pathThrough(points: readonly { x: number; y: number }[]): string {
  return points.map((point, index) => `${index === 0 ? "M" : "L"}${point.x},${point.y}`).join(" ");
}

function RouteEdgeView({ data, sourceX, sourceY, targetX, targetY }: EdgeProps<RouteEdgeType>) {
  const markers = useContext(ArrowMarkers);
  if (data === undefined) return null;
  const { edge, route } = data;
  // ELK routes every edge it is given; the handles' straight line is only a fallback.
  const points =
    route !== undefined && route.points.length >= 2
      ? route.points
      : [
          { x: sourceX, y: sourceY },
          { x: targetX, y: targetY },
        ];
  const lines = edgeLabelLines(edge);
  const box = route?.label;
  const isError = edge.kind === "onError";
  return (
    <>
      <path
        className={`flow-edge-path${isError ? " flow-edge-error" : ""}`}
        d={pathThrough(points)}
        markerEnd={`url(#${isError ? markers.error : markers.normal})`}
      />
      {box === undefined || lines.length === 0 ? null : (
        <g className={`flow-edge-label${isError ? " flow-edge-error" : ""}`} transform={`translate(${box.x},${box.y})`}>
          <title>{lines.join("\n")}</title>
          <rect width={box.width} height={box.height} rx={3} />
          {lines.map((line, index) => (
            <text
              key={line}
              x={6}
              y={labelLineHeight * (index + 1) - 1}
              className={
                index === lines.length - 1 && edge.carries !== undefined ? "flow-edge-type" : "flow-edge-condition"
              }
            >
              {shortened(line)}
            </text>
          ))}
        </g>
      )}
    </>
  );
}

export const RouteEdge = memo(RouteEdgeView);
