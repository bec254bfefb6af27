import { expect, test } from "vitest";
import type { GraphLayout } from "../../dashboard/src/graph/elk-output.js";
import { initialViewport, isInView, readableZoom } from "../../dashboard/src/graph/initial-viewport.js";

const laidOut = (width: number, height: number): GraphLayout => ({ width, height, nodes: new Map(), edges: new Map() });

test("a graph that fits is shown whole and centred, never zoomed past 1", () => {
  expect(initialViewport(laidOut(400, 300), 5, 800, 600)).toEqual({ x: 200, y: 150, zoom: 1 });
});

test("a small flow is shown whole even when that zooms out past readable", () => {
  const view = initialViewport(laidOut(600, 1200), 7, 800, 400);
  expect(view.zoom).toBeCloseTo(1 / 3);
  expect(view.y).toBe(0);
});

test("a large flow starts at its top, readable, centred across on its first step", () => {
  const first = { x: 2000, y: 24, width: 150, height: 80 };
  const view = initialViewport(laidOut(4000, 170_000), 2000, 800, 400, first);
  expect(view).toEqual({ x: 400 - 2075 * readableZoom, y: 0, zoom: readableZoom });
  expect(isInView(first, view, 800, 400)).toBe(true);
});

test("across, the view stays within the graph: no blank margin at either side", () => {
  const atLeft = initialViewport(laidOut(4000, 170_000), 2000, 800, 400, { x: 10, y: 0, width: 150, height: 80 });
  expect(atLeft.x).toBe(0);
  const atRight = initialViewport(laidOut(4000, 170_000), 2000, 800, 400, { x: 3900, y: 0, width: 100, height: 80 });
  expect(atRight.x).toBeCloseTo(800 - 4000 * readableZoom);
});
