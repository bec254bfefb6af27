import fc from "fast-check";
import { expect, test } from "vitest";
import { analyzeFlow } from "../../../runtime/flows/graph/index.js";
import { flowOf, step } from "./build-flow.js";

type Graph = readonly (readonly number[])[];

/** Reference: depth-first search with colours, written independently of the analyser. Null when cyclic. */
function referenceOrder(after: Graph): number[] | null {
  const state = new Array<number>(after.length).fill(0);
  const order: number[] = [];
  const visit = (node: number): boolean => {
    if (state[node] === 2) return true;
    if (state[node] === 1) return false;
    state[node] = 1;
    for (const dep of after[node] ?? []) if (!visit(dep)) return false;
    state[node] = 2;
    order.push(node);
    return true;
  };
  for (let node = 0; node < after.length; node++) if (!visit(node)) return null;
  return order;
}

/** Random `after` lists over n steps; `selfLoops` allows a step to list itself. */
function graphs(selfLoops: boolean): fc.Arbitrary<Graph> {
  return fc
    .integer({ min: 1, max: 9 })
    .chain((n) =>
      fc
        .array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }), { minLength: n, maxLength: n })
        .map((lists) => (selfLoops ? lists : lists.map((deps, node) => deps.filter((dep) => dep !== node)))),
    );
}

function analyse(after: Graph) {
  return analyzeFlow(flowOf(after.map((deps, node) => step(`n${node}`, { after: deps.map((dep) => `n${dep}`) }))));
}

test("without self-loops: CYCLE is reported exactly when the reference sort fails, else the order is valid", () => {
  fc.assert(
    fc.property(graphs(false), (after) => {
      const analysis = analyse(after);
      const cyclic = referenceOrder(after) === null;
      expect(analysis.issues.some((issue) => issue.code === "CYCLE")).toBe(cyclic);
      if (cyclic) return;
      expect(analysis.status).toBe("valid");
      const order = analysis.graph?.order ?? [];
      const position = new Map(order.map((name, index) => [name, index]));
      expect(position.size).toBe(after.length);
      after.forEach((deps, node) => {
        for (const dep of deps) expect(position.get(`n${dep}`)).toBeLessThan(position.get(`n${node}`) as number);
      });
    }),
    { numRuns: 500 },
  );
});

test("with self-loops: the flow is refused exactly when the reference sort fails", () => {
  fc.assert(
    fc.property(graphs(true), (after) => {
      const analysis = analyse(after);
      expect(analysis.status === "invalid").toBe(referenceOrder(after) === null);
      for (const issue of analysis.issues) expect(["CYCLE", "SELF_LOOP", "UNREACHABLE_STEP"]).toContain(issue.code);
    }),
    { numRuns: 500 },
  );
});
