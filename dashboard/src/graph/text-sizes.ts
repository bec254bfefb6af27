import type { GraphEdge, GraphNode } from "./graph-model.js";

export interface Size {
  readonly width: number;
  readonly height: number;
}

// Sizes come from character counts, not the DOM: measuring 2 000 nodes before the layout could
// start would block the page. The stylesheet draws nodes and labels in these boxes, with text
// that does not fit cut with an ellipsis (its full text in a tooltip).
const charWidth = 7.2;
const lineHeight = 18;
const nodePadding = 8;
/** The state's 6px stripe on the left, 1px border elsewhere (flow-graph.css). */
const nodeBorderX = 7;
const nodeBorderY = 2;
const badgeHeight = 20;
// The badge row: the widest state badge ("succeeded"), then the "on error" and "×N" tags.
const stateBadgeWidth = 90;
const handlerTagWidth = 64;
const retriesTagWidth = 36;
const minNodeWidth = 150;
const maxNodeWidth = 300;
/** Label lines longer than this are cut; a record type can run to hundreds of characters. */
export const maxLabelChars = 40;
const labelLineHeight = 15;
const labelCharWidth = 6.8;
const labelPadding = 6;

/** The lines a step's box shows under its state badge: id, task, and join rule when it has one. */
export function nodeLines(node: GraphNode): string[] {
  const lines = [node.id, node.task];
  if (node.join !== undefined) lines.push(`join: ${node.join}`);
  return lines;
}

export function nodeSizeOf(node: GraphNode): Size {
  const longest = Math.max(...nodeLines(node).map((line) => line.length));
  // The badge is counted on every node, with or without a run, so states never change a size.
  const badges =
    stateBadgeWidth + (node.errorHandler ? handlerTagWidth : 0) + (node.retries === undefined ? 0 : retriesTagWidth);
  const content = Math.max(Math.ceil(longest * charWidth), badges);
  const width = Math.min(maxNodeWidth, Math.max(minNodeWidth, content + 2 * nodePadding + nodeBorderX));
  return { width, height: nodeLines(node).length * lineHeight + badgeHeight + 2 * nodePadding + nodeBorderY };
}

/** The lines an edge's label shows, full length: the arm's condition or `on error`, then the type carried. */
export function edgeLabelLines(edge: GraphEdge): string[] {
  const lines: string[] = [];
  if (edge.kind === "branch" && edge.label !== undefined)
    lines.push(edge.label === "else" ? "else" : `if ${edge.label}`);
  if (edge.kind === "onError") lines.push("on error");
  if (edge.carries !== undefined) lines.push(edge.carries);
  return lines;
}

export function shortened(line: string): string {
  return line.length <= maxLabelChars ? line : `${line.slice(0, maxLabelChars - 1)}…`;
}

/** The box of an edge's label, undefined for an edge without one. */
export function edgeLabelSizeOf(edge: GraphEdge): Size | undefined {
  const lines = edgeLabelLines(edge);
  if (lines.length === 0) return undefined;
  const longest = Math.max(...lines.map((line) => shortened(line).length));
  return {
    width: Math.ceil(longest * labelCharWidth) + 2 * labelPadding,
    height: lines.length * labelLineHeight + labelPadding,
  };
}
