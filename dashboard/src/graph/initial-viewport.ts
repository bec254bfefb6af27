import type { Box, GraphLayout } from "./elk-output.js";

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/** Below this zoom a step's text is too small to read. */
export const readableZoom = 0.65;
/** A flow this small is shown whole however far that zooms out: its shape is the point. */
export const wholeUpTo = 40;
const smallestWhole = 0.25;

/**
 * The first view of a laid-out graph of `steps` steps in a pane of `width` × `height` pixels:
 * a small flow whole and centred; a larger one whole if that stays readable, else its top at a
 * readable zoom, centred across on `first` (the first step), the rest a pan away. Never zooms in
 * past 1.
 */
export function initialViewport(
  layout: GraphLayout,
  steps: number,
  width: number,
  height: number,
  first?: Box,
): Viewport {
  const fit = Math.min(width / Math.max(layout.width, 1), height / Math.max(layout.height, 1));
  const zoom = Math.min(1, Math.max(steps <= wholeUpTo ? smallestWhole : readableZoom, fit));
  const drawnWidth = layout.width * zoom;
  const drawnHeight = layout.height * zoom;
  let x = (width - drawnWidth) / 2;
  if (drawnWidth > width) {
    const centre = first === undefined ? layout.width / 2 : first.x + first.width / 2;
    x = Math.min(0, Math.max(width - drawnWidth, width / 2 - centre * zoom));
  }
  const y = drawnHeight > height ? 0 : (height - drawnHeight) / 2;
  return { x, y, zoom };
}

/** True when `box` lies wholly inside the pane shown by `viewport`. */
export function isInView(box: Box, viewport: Viewport, width: number, height: number): boolean {
  const left = box.x * viewport.zoom + viewport.x;
  const top = box.y * viewport.zoom + viewport.y;
  return (
    left >= 0 && top >= 0 && left + box.width * viewport.zoom <= width && top + box.height * viewport.zoom <= height
  );
}
