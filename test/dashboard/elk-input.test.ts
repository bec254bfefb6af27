import { describe, expect, test } from "vitest";
import { elkGraphOf, layoutOptions } from "../../dashboard/src/graph/elk-input.js";
import { type GraphModel, graphModelOf } from "../../dashboard/src/graph/graph-model.js";
import { edgeLabelSizeOf, maxLabelChars, nodeSizeOf } from "../../dashboard/src/graph/text-sizes.js";
import { generatedFlow, shownFlow } from "./generated-flow.js";

describe("a 2 000-step flow as ELK's input", () => {
  const model = graphModelOf(shownFlow(generatedFlow(200)));
  const graph = elkGraphOf(model);

  test("one child per step, sized without the DOM", () => {
    expect(graph.children).toHaveLength(2000);
    expect(graph.children?.map((child) => child.id)).toEqual(model.nodes.map((node) => node.id));
    for (const child of graph.children ?? []) {
      expect(child.width).toBeGreaterThan(0);
      expect(child.height).toBeGreaterThan(0);
    }
  });

  test("one edge per drawn edge, between the right steps", () => {
    // Per block: 2 branch arms, 2 into the join, 1 onError, 1 after it, 3 fan-out, 3 fan-in; 199 links between blocks.
    expect(model.edges).toHaveLength(200 * 12 + 199);
    expect(graph.edges).toHaveLength(model.edges.length);
    const byId = new Map((graph.edges ?? []).map((edge) => [edge.id, edge] as const));
    for (const edge of model.edges) {
      expect(byId.get(edge.id)).toMatchObject({ sources: [edge.from], targets: [edge.to] });
    }
    expect(byId.get("b0_0->b0_1:branch0")?.labels).toHaveLength(1);
    expect(byId.get("b7_3->b7_4:onError")).toMatchObject({ sources: ["b7_3"], targets: ["b7_4"] });
    expect(byId.get("b6_9->b7_0:after")).toMatchObject({ sources: ["b6_9"], targets: ["b7_0"] });
  });

  test("laid out top to bottom by the layered algorithm", () => {
    expect(graph.layoutOptions).toBe(layoutOptions);
    expect(layoutOptions).toMatchObject({ "elk.algorithm": "layered", "elk.direction": "DOWN" });
  });
});

describe("sizes from text", () => {
  test("a join rule adds a line; a long id widens the node up to a cap", () => {
    const plain = nodeSizeOf({ id: "count", task: "word-count", errorHandler: false });
    const joined = nodeSizeOf({ id: "count", task: "word-count", errorHandler: false, join: "none-failed" });
    expect(joined.height).toBeGreaterThan(plain.height);
    const long = nodeSizeOf({ id: "x".repeat(64), task: "t", errorHandler: false });
    expect(long.width).toBeGreaterThan(plain.width);
    expect(nodeSizeOf({ id: "x".repeat(640), task: "t", errorHandler: false }).width).toBe(long.width);
  });

  test("an edge without condition or type has no label; a long type is cut", () => {
    const bare: GraphModel["edges"][number] = { id: "a->b:after", from: "a", to: "b", kind: "after" };
    expect(edgeLabelSizeOf(bare)).toBeUndefined();
    const short = edgeLabelSizeOf({ ...bare, carries: "string" });
    const long = edgeLabelSizeOf({ ...bare, carries: `record{${"field: string, ".repeat(40)}}` });
    const capped = edgeLabelSizeOf({ ...bare, carries: "x".repeat(maxLabelChars) });
    expect(short?.width).toBeLessThan(long?.width ?? 0);
    expect(long).toEqual(capped);
    expect(edgeLabelSizeOf({ ...bare, kind: "branch", label: "else", carries: "string" })?.height).toBeGreaterThan(
      short?.height ?? 0,
    );
  });
});
