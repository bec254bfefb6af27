import elkBundle from "elkjs/lib/elk.bundled.js";
import { expect, test } from "vitest";
import { elkGraphOf } from "../../dashboard/src/graph/elk-input.js";
import { type Box, layoutOfElk } from "../../dashboard/src/graph/elk-output.js";
import { graphModelOf } from "../../dashboard/src/graph/graph-model.js";
import { generatedFlow, shownFlow } from "./generated-flow.js";

// The dashboard runs this layout in a Web Worker; the bundled build runs the same code in Node.
// It is a CommonJS module whose typings declare an ES default export, so TypeScript sees the
// constructor under `.default`; the module sets `.default` to itself, so that is also what runs.
const ELK = elkBundle.default;

/** Pairs of boxes that overlap, found by a sweep over their top edges rather than every pair. */
function overlapping(boxes: readonly Box[]): [Box, Box][] {
  const sorted = [...boxes].sort((a, b) => a.y - b.y);
  const found: [Box, Box][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as Box;
    for (let j = i + 1; j < sorted.length && (sorted[j] as Box).y < a.y + a.height; j++) {
      const b = sorted[j] as Box;
      if (a.x < b.x + b.width && b.x < a.x + a.width) found.push([a, b]);
    }
  }
  return found;
}

test("ELK places every one of 2 000 steps and their edge labels, none over another", async () => {
  const base = graphModelOf(shownFlow(generatedFlow(200)));
  // Every edge labelled, as the server's typed answer labels them: the heaviest input.
  const model = { ...base, edges: base.edges.map((edge) => ({ ...edge, carries: "record{words: u32, vowels: u32}" })) };
  const layout = layoutOfElk(await new ELK().layout(elkGraphOf(model)));

  expect(layout.nodes.size).toBe(2000);
  const nodes = model.nodes.map((node) => layout.nodes.get(node.id));
  expect(nodes.filter((box) => box === undefined)).toEqual([]);
  for (const box of nodes as Box[]) {
    expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
    expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
  }

  expect(layout.edges.size).toBe(model.edges.length);
  const routes = model.edges.map((edge) => layout.edges.get(edge.id));
  expect(routes.filter((route) => route === undefined || route.points.length < 2)).toEqual([]);
  const labels = routes.map((route) => route?.label);
  expect(labels.filter((label) => label === undefined)).toEqual([]);
  // ELK leaves a label it could not place at the origin.
  expect(labels.filter((label) => label?.x === 0 && label.y === 0)).toEqual([]);

  expect(overlapping([...(nodes as Box[]), ...(labels as Box[])])).toEqual([]);
}, 30_000);
